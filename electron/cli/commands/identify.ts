import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pinSchema } from '../../../core/contract/domains/identity';
import type { CardRead } from '../../../native/smartcard/protocol';
import { loadConfig } from '../../services/config/load';
import { smartcardSection } from '../../services/config/sections/smartcard';
import { nodePlatform } from '../../services/platform/node';
import { DeviceSession } from '../../services/smartcard/device-client';
import { forkDeviceProcess } from '../../services/smartcard/device-process';
import { CliFailure, type CliIo, type Command } from '../command';

/** Reads a line from the terminal without echoing it (the PIN). */
function readHidden(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.once('line', (l) => {
      rl.close();
      process.stderr.write('\n');
      resolve(l.trim());
    });
  });
}

export const identifyCommand: Command = {
  name: 'identify',
  summary: 'legge la carta (CNS/CRS/TS-CNS) nel lettore e mostra il titolare; --pin verifica il PIN',
  usage: 'sportello identify [--module PATH] [--pin] [--timeout S] [--json]',
  options: {
    module: { type: 'string', multiple: true },
    pin: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '15' },
  },
  async run({ values }, io: CliIo) {
    const platform = nodePlatform(io.env);
    const cfg = smartcardSection.parse(
      loadConfig({ userFile: platform.paths.userConfigFile, adminFile: platform.paths.adminConfigFile })
        .config.smartcard,
    );
    const modules = (values['module'] as string[] | undefined) ?? cfg.modules;
    const timeoutS = Number(values['timeout']);
    if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 600)
      throw new CliFailure('USAGE', 'timeout non valido', 2);
    const session = new DeviceSession(forkDeviceProcess(), {
      modules,
      useDefaultModules: values['module'] ? false : cfg.useDefaultModules,
      pollIntervalMs: cfg.pollIntervalMs,
      reinitializeWhenIdle: cfg.reinitializeWhenIdle,
      slotEvents: cfg.slotEvents,
      trustDir: cfg.trustDir,
      crlFile: cfg.crlFile,
    });
    try {
      const outcome = await session.waitFor<
        | { card: CardRead }
        | { error: { code: string; reason: string } }
        | { none: string; loadFailed: boolean }
        | { noReader: true }
      >((m) => {
        if (m.type === 'card') return { card: m.card };
        if (m.type === 'cardError') return { error: { code: m.code, reason: m.reason } };
        if (m.type === 'status' && m.settled && !m.modules.some((x) => x.status === 'loaded'))
          return {
            none:
              m.modules.map((x) => `${x.path}: ${x.status}${x.reason ? ` (${x.reason})` : ''}`).join('; ') ||
              'nessun modulo',
            loadFailed: m.modules.some((x) => x.status === 'error'),
          };
        // A module is loaded and its first poll is done: no reader at all will not change by waiting.
        if (m.type === 'status' && m.settled && m.readers === 0) return { noReader: true };
        return undefined;
      }, timeoutS * 1000);
      if (!outcome)
        throw new CliFailure(
          'CARD_NOT_PRESENT',
          session.exitReason
            ? `il processo del lettore è terminato (${session.exitReason})`
            : `nessuna carta letta in ${timeoutS} s`,
        );
      if ('none' in outcome)
        throw new CliFailure(
          outcome.loadFailed ? 'MODULE_LOAD_FAILED' : 'MODULE_NOT_FOUND',
          `nessun modulo PKCS#11 caricato: ${outcome.none}`,
        );
      if ('noReader' in outcome)
        throw new CliFailure('READER_NOT_FOUND', 'nessun lettore di smart card collegato');
      if ('error' in outcome)
        throw new CliFailure(
          outcome.error.code,
          `carta non utilizzabile: ${outcome.error.reason}`,
          1,
          outcome.error,
        );
      const c = outcome.card;
      const id = c.identity;
      let pin: { verified: boolean; code?: string; reason?: string } | null = null;
      if (values['pin']) {
        // The module's "locked" is a warning, not a refusal: the card's own answer to the PIN decides (runtime.ts).
        if (c.pinFlags.locked)
          io.err('Il modulo segnala il PIN bloccato: una carta davvero bloccata rifiuterà il PIN.');
        else if (c.pinFlags.finalTry) io.err('ATTENZIONE: ultimo tentativo prima del blocco del PIN.');
        else if (c.pinFlags.countLow) io.err('Attenzione: restano pochi tentativi per il PIN.');
        const entered = await readHidden('PIN: ');
        if (!pinSchema.safeParse(entered).success)
          throw new CliFailure('INVALID_INPUT', 'PIN non valido (4-16 cifre)', 2);
        session.send({ type: 'verifyPin', requestId: 1, cardKey: c.key, pin: entered });
        const r = await session.waitFor((m) => (m.type === 'pinResult' ? m.result : undefined), 60_000);
        pin = !r
          ? { verified: false, code: 'READER_RESTARTING', reason: 'NO_ANSWER' }
          : r.ok
            ? { verified: true }
            : { verified: false, code: r.code, reason: r.reason };
      }
      const json = {
        identity: { ...id, source: pin?.verified ? 'card-pin' : 'card' },
        module: c.module,
        reader: c.slotDescription,
        token: c.tokenLabel,
        pinFlags: c.pinFlags,
        pin,
      };
      const human = [
        `${[id.givenName, id.surname].filter(Boolean).join(' ')} — ${id.fiscalCode}${id.displayCode !== id.fiscalCode ? ` (stampato ${id.displayCode})` : ''}`,
        `carta: ${id.card?.kind ?? '?'}, n. ${id.card?.cardId ?? '?'}, rilasciata da ${id.card?.issuer ?? '?'} (${id.card?.caOperator ?? '?'})`,
        `certificato: ${id.card?.notBefore?.slice(0, 10)} → ${id.card?.notAfter?.slice(0, 10)}, catena ${id.card?.chain}, revoca ${id.card?.revocation}`,
        `lettore: ${c.slotDescription} via ${c.module}`,
        ...(id.warnings.length > 0 ? [`avvisi: ${id.warnings.join(', ')}`] : []),
        ...(pin
          ? [
              pin.verified
                ? 'PIN verificato: titolare presente'
                : `PIN non verificato: ${pin.code} (${pin.reason})`,
            ]
          : []),
      ];
      return { exitCode: pin && !pin.verified ? 1 : 0, json, human };
    } finally {
      session.close();
    }
  },
};
