import { AppError } from '../../../core/contract/errors';
import { birthplaceResolver } from '../../services/fiscal/birthplaces';
import { decodeFiscalCode } from '../../services/fiscal/decode';
import { CliFailure, type Command } from '../command';
import { explainReason } from '../explain';

export const cfCommand: Command = {
  name: 'cf',
  summary: 'valida e decodifica un codice fiscale',
  usage: 'sportello cf <codice> [--json]',
  options: {},
  async run({ positionals }) {
    const code = positionals[0];
    if (positionals.length !== 1 || code === undefined)
      throw new CliFailure('USAGE', 'serve un codice fiscale', 2);
    try {
      const d = decodeFiscalCode(code, new Date().toISOString().slice(0, 10), await birthplaceResolver());
      const human =
        d.kind === 'legal'
          ? [`${d.code}: codice fiscale numerico valido (ente o impresa)`]
          : [
              `${d.code}: codice fiscale valido`,
              ...(d.omocodic
                ? [`omocodia: codice base ${d.canonical} (persona diversa: si usa il codice così com’è)`]
                : []),
              `nascita: ${d.birthDate.split('-').reverse().join('/')}, sesso ${d.sex}`,
              `luogo: ${d.birthplace ? `${d.birthplace.name}${d.birthplace.province ? ` (${d.birthplace.province})` : ''}` : 'sconosciuto'} [${d.belfiore}]`,
            ];
      return { exitCode: 0, json: d, human };
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_INPUT') {
        const details = (err.details ?? {}) as Record<string, unknown>;
        throw new CliFailure(
          'INVALID_INPUT',
          `codice fiscale non valido: ${explainReason(details['reason'], details)}`,
          1,
          details,
        );
      }
      throw err;
    }
  },
};
