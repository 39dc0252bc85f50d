import { parseArgs } from 'node:util';
import { CliFailure, type CliIo, type Command } from './command';
import { commands } from './commands';

function help(list: readonly Command[]): string[] {
  return [
    'sportello — strumenti per l’assistenza informatica dello sportello pagoPA',
    '',
    'Uso: sportello <comando> [opzioni] [--json]',
    '',
    ...list.map((c) => `  ${c.usage.padEnd(48)} ${c.summary}`),
    '',
    'Con --json ogni comando stampa un solo oggetto JSON. Codici di uscita: 0 ok, 1 errore, 2 uso errato.',
  ];
}

/** Runs one CLI invocation; returns the exit code. Never throws: every failure is one line on stderr. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(list).forEach((l) => io.out(l));
    return name ? 0 : 2;
  }
  const json = rest.includes('--json');
  const cmd = list.find((c) => c.name === name);
  const fail = (code: string, message: string, exitCode: number, details?: Record<string, unknown>) => {
    if (json)
      io.out(JSON.stringify({ ok: false, error: { code, message, ...(details ? { details } : {}) } }));
    io.err(`sportello ${name}: ${message}`);
    return exitCode;
  };
  if (!cmd) return fail('USAGE', `comando sconosciuto "${name}" (sportello help)`, 2);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...cmd.options, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return fail('USAGE', `${err instanceof Error ? err.message : String(err)}; uso: ${cmd.usage}`, 2);
  }
  try {
    const r = await cmd.run(
      { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals },
      io,
    );
    if (json) io.out(JSON.stringify(r.json, null, 2));
    else r.human.forEach((l) => io.out(l));
    return r.exitCode;
  } catch (err) {
    if (err instanceof CliFailure) return fail(err.code, err.message, err.exitCode, err.details);
    return fail('INTERNAL', err instanceof Error ? err.message : String(err), 1);
  }
}
