import type { CliIo } from '../command';

/** CliIo with the stream a secret comes from: the process's stdin unless a test hands its own. */
export type CliIoWithStdin = CliIo & { readonly stdin?: NodeJS.ReadableStream };

/**
 * Reads a secret (a password) from stdin: the first line, without its line ending. Never from an argument or the
 * environment, where `ps` and shell histories would keep it. Refuses an interactive terminal that would echo it.
 */
export async function readSecretFromStdin(io: CliIoWithStdin): Promise<string> {
  const input = io.stdin ?? process.stdin;
  if (!io.stdin && process.stdin.isTTY) {
    throw new Error('TTY');
  }
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  const nl = text.search(/\r?\n/);
  return nl >= 0 ? text.slice(0, nl) : text;
}
