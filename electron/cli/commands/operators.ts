import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { roleSchema } from '../../../core/contract/domains/operators';
import { parsePersonalFiscalCode } from '../../../core/fiscal-code/personal';
import { openAuditLog } from '../../services/audit/open-audit';
import { loadConfig } from '../../services/config/load';
import { silentLogger } from '../../services/log';
import { applyFileOperators } from '../../services/operators/file-operators';
import { DB_FILE } from '../../services/desk';
import { hashPassword, passwordProblem } from '../../services/operators/password';
import { nodePlatform } from '../../services/platform/node';
import { openDatabase } from '../../store/database';
import { OperatorsRepo } from '../../store/operators/operators-repo';
import { CliFailure, type Command } from '../command';
import { readSecretFromStdin, type CliIoWithStdin } from './stdin-secret';

const USAGE =
  'sportello operators list | add --cf CF --name NOME --role clerk|supervisor|admin [--password-stdin] | disable CF | set-password CF --password-stdin';

function code(raw: unknown): string {
  const cf = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  const r = parsePersonalFiscalCode(cf);
  if (!r.ok) throw new CliFailure('INVALID_INPUT', `codice fiscale non valido: ${cf || '(mancante)'}`, 2);
  return r.value.canonical;
}

async function password(io: CliIoWithStdin): Promise<{ hash: string; salt: string }> {
  let pw: string;
  try {
    pw = await readSecretFromStdin(io);
  } catch {
    throw new CliFailure(
      'USAGE',
      'la password si passa solo da stdin, non da un terminale: printf "%s\\n" "$PW" | sportello …',
      2,
    );
  }
  const problem = passwordProblem(pw);
  if (problem === 'TOO_SHORT')
    throw new CliFailure('INVALID_INPUT', 'password troppo corta: almeno 10 caratteri', 2);
  if (problem) throw new CliFailure('INVALID_INPUT', 'password troppo lunga: al massimo 256 caratteri', 2);
  return hashPassword(pw);
}

export const operatorsCommand: Command = {
  name: 'operators',
  summary: 'operatori dello sportello: elenco, aggiunta, disattivazione, password (solo da stdin)',
  usage: USAGE,
  options: {
    cf: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  },
  async run({ values, positionals }, io) {
    const [action, arg] = positionals;
    if (!['list', 'add', 'disable', 'enable', 'set-password'].includes(action ?? ''))
      throw new CliFailure('USAGE', `serve list, add, disable, enable o set-password; uso: ${USAGE}`, 2);
    const platform = nodePlatform(io.env);
    const adminFile = platform.paths.adminConfigFile;
    // The administrator's file's operators: merged first (the file wins for name, role, disabled), as at start.
    const fileOps = loadConfig({ userFile: platform.paths.userConfigFile, adminFile }).config.operators ?? [];
    const fromFile = new Set(fileOps.map((o) => o.fiscalCode));
    const file = join(platform.paths.dataDir, DB_FILE);
    if (action === 'list' && !existsSync(file) && fileOps.length === 0)
      return { exitCode: 0, json: [], human: ['nessun operatore'] };
    const db = openDatabase(file);
    const repo = new OperatorsRepo(db);
    const now = () => new Date().toISOString();
    const fileOwned = (cf: string) => {
      if (fromFile.has(cf))
        throw new CliFailure(
          'CONFLICT',
          `operatore dichiarato nel file dell’amministratore (${adminFile}): nome, ruolo e disattivazione si cambiano lì`,
          1,
        );
    };
    // The desk's own keyed log: a row written here is sealed and anchored like the desk's, or the act is refused.
    const audit = openAuditLog(db, platform.secrets, platform.paths.dataDir, () => new Date());
    /** Administrator's acts on operators: audited first, with "cli" as actor (never the password). */
    const audited = (action: string, subject: string, details: Record<string, unknown> = {}) =>
      audit.record({ actor: 'cli', action, subject, details });
    const known = (cf: string) => {
      if (!repo.get(cf)) throw new CliFailure('NOT_FOUND', `operatore sconosciuto: ${cf}`, 1);
    };
    try {
      if (fileOps.length > 0)
        applyFileOperators(fileOps, {
          repo,
          audit,
          now: () => new Date(),
          log: silentLogger,
          file: adminFile,
        });
      if (action === 'list') {
        const list = repo.list().map((o) => ({
          fiscalCode: o.fiscalCode,
          name: o.name,
          role: o.role,
          password: o.passwordHash !== null,
          disabled: o.disabled,
          lockedUntil: o.lockedUntil,
          source: fromFile.has(o.fiscalCode) ? ('admin-file' as const) : ('cli' as const),
        }));
        return {
          exitCode: 0,
          json: list,
          human: list.length
            ? list.map(
                (o) =>
                  `${o.fiscalCode}  ${o.role.padEnd(10)} ${o.name}${o.disabled ? '  (disattivato)' : ''}${o.password ? '' : '  (senza password)'}${o.source === 'admin-file' ? '  (dal file dell’amministratore)' : ''}`,
              )
            : ['nessun operatore: lo sportello usa l’operatore implicito'],
        };
      }
      if (action === 'add') {
        const cf = code(values['cf']);
        const name = typeof values['name'] === 'string' ? values['name'].trim() : '';
        if (!name || name.length > 120)
          throw new CliFailure('INVALID_INPUT', 'serve --name (1-120 caratteri)', 2);
        const role = roleSchema.safeParse(values['role']);
        if (!role.success) throw new CliFailure('INVALID_INPUT', 'serve --role clerk, supervisor o admin', 2);
        fileOwned(cf);
        if (repo.get(cf)) throw new CliFailure('CONFLICT', `operatore già presente: ${cf}`, 1);
        const pw = values['password-stdin'] ? await password(io as CliIoWithStdin) : null;
        audited('operators.add', cf, { role: role.data, password: pw !== null });
        repo.add(
          { fiscalCode: cf, name, role: role.data, hash: pw?.hash ?? null, salt: pw?.salt ?? null },
          now(),
        );
        return {
          exitCode: 0,
          json: { ok: true, fiscalCode: cf, role: role.data },
          human: [`operatore aggiunto: ${cf} (${role.data})`],
        };
      }
      const cf = code(arg);
      if (action === 'set-password') {
        if (!values['password-stdin'])
          throw new CliFailure('USAGE', 'la password si passa solo con --password-stdin', 2);
        const pw = await password(io as CliIoWithStdin);
        known(cf);
        audited('operators.set-password', cf);
        repo.setPassword(cf, pw.hash, pw.salt, now());
        return { exitCode: 0, json: { ok: true, fiscalCode: cf }, human: [`password impostata per ${cf}`] };
      }
      const off = action === 'disable';
      fileOwned(cf);
      known(cf);
      audited(off ? 'operators.disable' : 'operators.enable', cf);
      repo.setDisabled(cf, off, now());
      return {
        exitCode: 0,
        json: { ok: true, fiscalCode: cf, disabled: off },
        human: [off ? `operatore disattivato: ${cf}` : `operatore riattivato: ${cf}`],
      };
    } finally {
      db.close();
    }
  },
};
