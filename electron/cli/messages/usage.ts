import type { Lang } from '../../services/config/issue-text';

/** node:util parseArgs failures (English, with advice about '--') as one line in the technician's language. */
export function explainUsageError(err: unknown, usage: string, lang: Lang): string {
  const code = (err as { code?: unknown } | null)?.code;
  const msg = err instanceof Error ? err.message : String(err);
  const opt = /'(-{1,2}[^']*?)(?: <value>)?'/.exec(msg)?.[1] ?? /"(-{1,2}[^"]+)"/.exec(msg)?.[1] ?? '';
  const it = lang === 'it';
  const how = it ? `uso: ${usage}` : `usage: ${usage}`;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return it ? `opzione sconosciuta "${opt}"; ${how}` : `unknown option "${opt}"; ${how}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(msg)
        ? it
          ? `l’opzione "${opt}" vuole un valore; ${how}`
          : `option "${opt}" needs a value; ${how}`
        : it
          ? `l’opzione "${opt}" non accetta un valore; ${how}`
          : `option "${opt}" takes no value; ${how}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return it ? `argomento in più; ${how}` : `unexpected argument; ${how}`;
    default:
      return it ? `uso errato; ${how}` : `wrong usage; ${how}`;
  }
}

/** Errors from Node itself (a file, a port) said in words, with the path or the port they concern. */
export function explainSystemError(err: unknown, lang: Lang): string | null {
  const e = err as { code?: unknown; path?: unknown; port?: unknown } | null;
  if (!e || typeof e.code !== 'string') return null;
  const it = lang === 'it';
  const path = typeof e.path === 'string' ? e.path : '?';
  switch (e.code) {
    case 'ENOENT':
      return it ? `file o cartella inesistente: ${path}` : `no such file or folder: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return it
        ? `permesso negato: ${path} — controlla i permessi`
        : `permission denied: ${path} — check permissions`;
    case 'EISDIR':
      return it ? `è una cartella, serve un file: ${path}` : `is a folder, a file is needed: ${path}`;
    case 'ENOSPC':
      return it ? 'disco pieno: libera spazio e riprova' : 'disk full: free some space and retry';
    case 'EADDRINUSE':
      return it
        ? `la porta ${String(e.port ?? '?')} è già in uso: chiudi l’altro programma o scegli un’altra porta con --port`
        : `port ${String(e.port ?? '?')} is already in use: close the other program or pick another with --port`;
    default:
      return null;
  }
}

/** "1 riga" / "2 righe": the count with the word that agrees with it. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
