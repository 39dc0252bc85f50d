import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { DB_FILE } from '../../services/desk';
import { describeConfigError } from '../../services/config/load';
import Database from 'better-sqlite3';
import { latestVersion, schemaVersion } from '../../store/database';
import type { DoctorProbe } from './check';

export const nodeProbe: DoctorProbe = async () => {
  const major = Number(process.versions.node.split('.')[0]);
  return {
    id: 'node',
    label: 'Node.js',
    status: major >= 22 ? 'ok' : 'fail',
    detail: `${process.version} (${process.platform}-${process.arch})${major >= 22 ? '' : ': serve la 22 o successiva'}`,
    data: { version: process.version, platform: process.platform, arch: process.arch },
  };
};

export const configProbe: DoctorProbe = async ({ platform, config }) => {
  const files = { user: platform.paths.userConfigFile, admin: platform.paths.adminConfigFile };
  if (!config) {
    return {
      id: 'config',
      label: 'Configurazione',
      status: 'fail',
      detail: 'non valida (vedi sotto)',
      data: files,
    };
  }
  const c = config.config;
  return [
    {
      id: 'config',
      label: 'Configurazione',
      status: 'ok',
      detail: `${existsSync(files.user) ? files.user : `${files.user} (assente: valori predefiniti)`}${
        files.admin && existsSync(files.admin) ? `; amministratore: ${files.admin}` : ''
      }`,
      data: { ...files, locked: config.locked },
    },
    {
      id: 'backend',
      label: 'Servizio pagamenti',
      status: c.backend.kind === 'demo' ? 'warn' : 'info',
      detail:
        c.backend.kind === 'demo' ? 'demo (nessun servizio configurato: dati di esempio)' : c.backend.kind,
      data: { kind: c.backend.kind },
    },
    {
      id: 'printer',
      label: 'Stampante predefinita',
      status: 'info',
      detail: c.printers.default ?? 'nessuna: anteprima a schermo',
      data: c.printers,
    },
    {
      id: 'smartcard-config',
      label: 'Moduli PKCS#11 configurati',
      status: 'info',
      detail: c.smartcard.enabled
        ? c.smartcard.modules.length > 0
          ? c.smartcard.modules.join(', ')
          : 'nessuno (solo i percorsi predefiniti del sistema)'
        : 'lettore disattivato',
      data: c.smartcard,
    },
  ];
};

/** Opens the database read-only when it exists: the doctor must not create or migrate anything. */
export const databaseProbe: DoctorProbe = async ({ platform }) => {
  const path = join(platform.paths.dataDir, DB_FILE);
  const supported = latestVersion();
  if (!existsSync(path)) {
    return {
      id: 'database',
      label: 'Archivio locale',
      status: 'info',
      detail: `${path} non ancora creato (versione schema supportata ${supported})`,
      data: { path, exists: false, supported },
    };
  }
  let db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return {
      id: 'database',
      label: 'Archivio locale',
      status: 'fail',
      detail: `${path}: non leggibile`,
      data: { path },
    };
  }
  try {
    const version = schemaVersion(db);
    const integrity = db.pragma('quick_check', { simple: true }) as string;
    const status = version > supported || integrity !== 'ok' ? 'fail' : version < supported ? 'warn' : 'ok';
    const note =
      version > supported
        ? ': creato da una versione più recente di Sportello'
        : version < supported
          ? ': verrà aggiornato al prossimo avvio'
          : '';
    return {
      id: 'database',
      label: 'Archivio locale',
      status,
      detail: `${path}, schema ${version}/${supported}, integrità ${integrity}${note}`,
      data: { path, exists: true, schemaVersion: version, supported, integrity },
    };
  } catch {
    return {
      id: 'database',
      label: 'Archivio locale',
      status: 'fail',
      detail: `${path}: non è un archivio SQLite valido`,
      data: { path },
    };
  } finally {
    db.close();
  }
};

export function configFailure(err: unknown) {
  return err instanceof AppError ? describeConfigError(err) : String(err);
}
