import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../../../core/contract/errors';
import { issueText } from './issue-text';
import { configSchema, type DeskConfig } from './schema';

export interface ConfigSources {
  /** The desk's own file, written by settings changes. */
  readonly userFile: string;
  /** The administrator's file (deployment): its keys win and are locked in the UI. */
  readonly adminFile: string | null;
}

export interface LoadedConfig {
  readonly config: DeskConfig;
  /** Dotted paths of the keys the administrator's file sets. */
  readonly locked: readonly string[];
  readonly userValues: Record<string, unknown>;
  /** The administrator's document as read (empty without one): a clerk change is checked merged with it. */
  readonly adminValues?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

export function leafPaths(obj: Json, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    isPlainObject(v) && !('kind' in v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function readJsonFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('CONFIG_INVALID', { reason: 'UNREADABLE', file }, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('CONFIG_INVALID', { reason: 'NOT_JSON', file }, { cause: err });
  }
  if (!isPlainObject(value)) throw new AppError('CONFIG_INVALID', { reason: 'NOT_AN_OBJECT', file });
  return value;
}

/** Validates a merged document; the error names every offending key so the technician can fix it in one go. */
export function parseConfig(doc: unknown, file: string): DeskConfig {
  const parsed = configSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({
      path: i.path.map(String).join('.') || '(root)',
      message: issueText(i, 'it'),
      messageEn: issueText(i, 'en'),
    }));
    throw new AppError('CONFIG_INVALID', { reason: 'SCHEMA', file, issues });
  }
  return parsed.data;
}

export function loadConfig(sources: ConfigSources): LoadedConfig {
  const userValues = existsSync(sources.userFile) ? readJsonFile(sources.userFile) : {};
  // The user file is validated on its own first so that an error points at the right file.
  parseConfig(userValues, sources.userFile);
  // Who may act at the desk is the administrator's to say: never the desk's own (clerk-writable) file.
  if ('operators' in userValues)
    throw new AppError('CONFIG_INVALID', {
      reason: 'SCHEMA',
      file: sources.userFile,
      issues: [
        {
          path: 'operators',
          message:
            'gli operatori si dichiarano solo nel file dell’amministratore (o con `sportello operators`)',
          messageEn:
            'operators are declared only in the administrator’s file (or with `sportello operators`)',
        },
      ],
    });
  let admin: Json = {};
  if (sources.adminFile && existsSync(sources.adminFile)) {
    admin = readJsonFile(sources.adminFile);
    parseConfig(admin, sources.adminFile);
  }
  const config = parseConfig(deepMerge(userValues, admin), sources.adminFile ?? sources.userFile);
  return { config, locked: leafPaths(admin), userValues, adminValues: admin };
}

// Kept apart from the schema (and zod) so the CLI's error messages load without them.
export { describeConfigError } from './describe-error';
