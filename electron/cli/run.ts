import { parseArgs } from 'node:util';
import { AppError } from '../../core/contract/errors';
import type { Lang } from '../services/config/issue-text';
import { CliFailure, type CliIo, type Command } from './command';
import { commands } from './commands';
import { explainError, isBareCode } from './messages/app-errors';
import { explainSystemError, explainUsageError } from './messages/usage';

function help(list: readonly Command[], lang: Lang): string[] {
  const it = lang === 'it';
  return [
    it
      ? 'sportello — strumenti per l’assistenza informatica dello sportello pagoPA'
      : 'sportello — tools for the IT staff of the pagoPA desk',
    '',
    it
      ? 'Uso: sportello <comando> [opzioni] [--json] [--lang en]'
      : 'Usage: sportello <command> [options] [--json] [--lang it]',
    '',
    ...list.map((c) => `  ${c.usage.padEnd(48)} ${c.summary}`),
    '',
    it
      ? 'Con --json ogni comando stampa un solo oggetto JSON. Codici di uscita: 0 ok, 1 errore, 2 uso errato.'
      : 'With --json every command prints one JSON object. Exit codes: 0 ok, 1 error, 2 wrong usage.',
  ];
}

/** `--lang en` / `--lang=en` anywhere on the line (or SPORTELLO_LANG); Italian otherwise. */
function takeLang(argv: readonly string[], env: NodeJS.ProcessEnv): { lang: Lang; rest: string[] } {
  let lang: Lang = env['SPORTELLO_LANG'] === 'en' ? 'en' : 'it';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang' && i + 1 < argv.length) lang = argv[++i] === 'en' ? 'en' : 'it';
    else if (a.startsWith('--lang=')) lang = a.slice(7) === 'en' ? 'en' : 'it';
    else rest.push(a);
  }
  return { lang, rest };
}

/** Any failure as one line in the technician's language: never a bare code, never a library's English. */
function describeFailure(
  err: unknown,
  lang: Lang,
): { code: string; message: string; exitCode: number; details?: Record<string, unknown> } {
  if (err instanceof CliFailure) {
    const message = isBareCode(err.message) ? explainError(err.code, err.details ?? {}, lang) : err.message;
    return {
      code: err.code,
      message,
      exitCode: err.exitCode,
      ...(err.details ? { details: err.details } : {}),
    };
  }
  if (err instanceof AppError) {
    const details = { ...(err.details ?? {}) };
    return { code: err.code, message: explainError(err.code, details, lang), exitCode: 1, details };
  }
  const sys = explainSystemError(err, lang);
  if (sys) return { code: 'INTERNAL', message: sys, exitCode: 1 };
  return {
    code: 'INTERNAL',
    message: `${lang === 'it' ? 'errore interno' : 'internal error'}: ${err instanceof Error ? err.message : String(err)}`,
    exitCode: 1,
  };
}

/** Runs one CLI invocation; returns the exit code. Never throws: every failure is one line on stderr. */
export async function runCli(
  argv: readonly string[],
  baseIo: CliIo,
  list: readonly Command[] = commands,
): Promise<number> {
  const { lang, rest: args } = takeLang(argv, baseIo.env);
  const io: CliIo = { ...baseIo, lang };
  const [name, ...rest] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(list, lang).forEach((l) => io.out(l));
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
  if (!cmd)
    return fail(
      'USAGE',
      lang === 'it'
        ? `comando sconosciuto "${name}": l’elenco con "sportello help"`
        : `unknown command "${name}": see "sportello help"`,
      2,
    );
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...cmd.options, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return fail('USAGE', explainUsageError(err, cmd.usage, lang), 2);
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
    const f = describeFailure(err, lang);
    return fail(f.code, f.message, f.exitCode, f.details);
  }
}
