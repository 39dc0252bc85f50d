import { join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { DB_FILE } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { readImportFile } from '../../connectors/file/read-import';
import { localDay } from '../../services/positions/dates';
import type { ImportReport } from '../../services/positions/import-file';
import { importPositionsFileInWorker } from '../../services/positions/import-in-worker';
import { openDatabase } from '../../store/database';
import { CliFailure, type Command } from '../command';
import { explainError } from '../messages/app-errors';
import { explainImportRow } from '../messages/import-rows';
import { plural } from '../messages/usage';

/**
 * A dry run reads and validates the file and touches nothing else: no database is opened, so none is created
 * or migrated, and the import log does not learn the file.
 */
async function checkOnly(file: string): Promise<ImportReport> {
  const now = new Date();
  let summary;
  try {
    summary = await readImportFile(file, { connector: 'file', now: now.toISOString(), today: localDay(now) });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'IMPORT_INVALID',
      { reason: 'UNREADABLE', code: (err as NodeJS.ErrnoException).code ?? null },
      { cause: err },
    );
  }
  return { ...summary, dryRun: true, unchanged: false, committed: false, importedAt: null };
}

function importForReal(dbFile: string, file: string): Promise<ImportReport> {
  // Opened (and migrated) here so a bad database is reported before the import thread starts.
  openDatabase(dbFile).close();
  return importPositionsFileInWorker(dbFile, file, { now: new Date(), dryRun: false });
}

export const importCommand: Command = {
  name: 'import',
  summary: 'importa posizioni da un file CSV/JSON (tutto o niente; --dry-run solo verifica)',
  usage: 'sportello import <file.csv|file.jsonl|file.json> [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ positionals, values }, io) {
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new CliFailure('USAGE', 'serve un solo file da importare', 2);
    const platform = nodePlatform(io.env);
    const dbFile = join(platform.paths.dataDir, DB_FILE);
    const dryRun = values['dry-run'] === true;
    try {
      const r = dryRun ? await checkOnly(file) : await importForReal(dbFile, file);
      const human = r.unchanged
        ? [`${r.file}: già importato il ${r.importedAt} — nessuna modifica.`]
        : [
            `${r.file}: ${plural(r.rows, 'riga', 'righe')}, ${plural(r.positions, 'posizione', 'posizioni')}, ${plural(r.errorCount, 'errore', 'errori')}` +
              (r.dryRun
                ? ' (prova: nulla è stato scritto)'
                : r.committed
                  ? ' — importato.'
                  : ' — NON importato: correggi le righe indicate e riprova.'),
            ...r.errors.map((e) => `  ${explainImportRow(e)}`),
            ...(r.errorCount > r.errors.length
              ? [`  … e ${plural(r.errorCount - r.errors.length, 'altro errore', 'altri errori')}`]
              : []),
          ];
      return { exitCode: r.errorCount > 0 ? 1 : 0, json: r, human };
    } catch (err) {
      if (err instanceof AppError && err.code === 'IMPORT_INVALID') {
        const d = { path: file, ...(err.details ?? {}) } as Record<string, unknown>;
        throw new CliFailure('IMPORT_INVALID', explainError('IMPORT_INVALID', d, io.lang), 1, d);
      }
      throw err;
    }
  },
};
