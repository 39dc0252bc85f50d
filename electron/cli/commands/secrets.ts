import { join } from 'node:path';
import { nodePlatform, nodePaths } from '../../services/platform/node';
import type { SecretStore } from '../../services/platform/types';
import { CliFailure, type CliIo, type Command } from '../command';
import type { CliIoWithStdin } from './stdin-secret';

const USAGE = 'sportello secrets set NOME --stdin  (il valore solo da stdin) | sportello secrets check NOME';
/** The names the configuration may give (`passwordSecret`, `subscriptionKeySecret`…): same rule as its schema. */
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** A PEM private key with its chain is a few KiB; anything far larger is a wrong file piped in. */
const MAX_VALUE_BYTES = 64 * 1024;

/** The desk's store for this process: the app's keychain when it runs us, otherwise the 0600 file. */
async function storeFor(io: CliIo): Promise<{ store: SecretStore; where: string }> {
  if (io.secretStore) return io.secretStore();
  const file = io.env['SPORTELLO_SECRETS'] ?? join(nodePaths(io.env).dataDir, 'secrets.json');
  return { store: nodePlatform(io.env).secrets, where: file };
}

/** All of stdin (a PEM key has several lines), without one final line ending. Never a terminal: it would echo. */
async function readValue(io: CliIoWithStdin): Promise<string> {
  const input = io.stdin ?? process.stdin;
  if (!io.stdin && process.stdin.isTTY)
    throw new CliFailure(
      'USAGE',
      'il valore si passa solo da stdin, non da un terminale: sportello secrets set NOME --stdin < file (vedi docs/deploying.md)',
      2,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of input) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > MAX_VALUE_BYTES)
      throw new CliFailure('INVALID_INPUT', `valore troppo lungo: al massimo ${MAX_VALUE_BYTES} byte`, 2);
    chunks.push(b);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function name(raw: string | undefined): string {
  if (!raw || !NAME.test(raw))
    throw new CliFailure(
      'INVALID_INPUT',
      `nome del segreto non valido: ${raw ?? '(mancante)'} (lettere, cifre, . _ -, al massimo 100; è il nome scritto nella configurazione, es. "passwordSecret")`,
      2,
    );
  return raw;
}

export const secretsCommand: Command = {
  name: 'secrets',
  summary:
    'segreti dei servizi (password, chiavi): salvati nel portachiavi dell’app o nel file 0600, solo da stdin',
  usage: USAGE,
  options: { stdin: { type: 'boolean', default: false } },
  async run({ values, positionals }, io) {
    const [action, raw, ...extra] = positionals;
    if (action !== 'set' && action !== 'check')
      throw new CliFailure('USAGE', `serve set o check; uso: ${USAGE}`, 2);
    const secret = name(raw);
    if (action === 'check') {
      if (extra.length > 0) throw new CliFailure('USAGE', `troppi argomenti; uso: ${USAGE}`, 2);
      const { store, where } = await storeFor(io);
      const present = store.get(secret) !== null;
      return {
        exitCode: present ? 0 : 1,
        json: { name: secret, present, store: store.kind, where },
        human: [present ? `${secret}: presente (${where})` : `${secret}: assente (${where})`],
      };
    }
    // The value never comes from the command line or the environment: `ps`, shell histories and logs keep them.
    if (extra.length > 0)
      throw new CliFailure(
        'USAGE',
        `il valore non si scrive sulla riga di comando (resterebbe nella cronologia): passalo da stdin con --stdin; uso: ${USAGE}`,
        2,
      );
    if (values['stdin'] !== true)
      throw new CliFailure('USAGE', `manca --stdin: il valore si legge solo da stdin; uso: ${USAGE}`, 2);
    const value = await readValue(io as CliIoWithStdin);
    if (value.length === 0) throw new CliFailure('INVALID_INPUT', 'valore vuoto su stdin: nulla salvato', 2);
    const { store, where } = await storeFor(io);
    store.set(secret, value);
    return {
      exitCode: 0,
      json: { name: secret, saved: true, store: store.kind, where },
      human: [`segreto ${secret} salvato (${where})`],
    };
  },
};
