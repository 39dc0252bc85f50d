import { AppError } from '../../../core/contract/errors';
import { describeNoticeNumber } from '../../services/fiscal/decode';
import { CliFailure, type Command } from '../command';
import { explainReason } from '../explain';

export const navCommand: Command = {
  name: 'nav',
  summary: 'valida e scompone un codice avviso pagoPA (NAV)',
  usage: 'sportello nav <codice-avviso> [--json]',
  options: {},
  async run({ positionals }) {
    if (positionals.length === 0) throw new CliFailure('USAGE', 'serve un codice avviso', 2);
    // The grouped form "3010 0000 …" arrives as several arguments when not quoted.
    const raw = positionals.join('');
    try {
      const n = describeNoticeNumber(raw);
      const human = [
        `${n.formatted}: codice avviso valido`,
        `aux digit: ${n.auxDigit}`,
        ...(n.segregationCode !== null ? [`codice segregazione: ${n.segregationCode}`] : []),
        ...(n.applicationCode !== null ? [`codice applicazione: ${n.applicationCode}`] : []),
        `IUV: ${n.iuv}`,
        `cifre di controllo: ${n.checkDigits ?? 'nessuna (aux 1)'}`,
      ];
      return { exitCode: 0, json: n, human };
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_INPUT') {
        const details = (err.details ?? {}) as Record<string, unknown>;
        throw new CliFailure(
          'INVALID_INPUT',
          `codice avviso non valido: ${explainReason(details['reason'], details)}`,
          1,
          details,
        );
      }
      throw err;
    }
  },
};
