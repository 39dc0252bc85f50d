import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { Startable } from '../lifecycle';
import type { Logger } from '../log';

export interface RetentionDeps {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly dataDir: string;
  readonly now: () => Date;
  readonly retentionDays: number;
  readonly log: Logger;
}

export interface PurgeReport {
  readonly auditSubjects: number;
  readonly printJobs: number;
  readonly previews: number;
}

/**
 * What retention means outside the positions cache (which its own purge empties, positions-service.ts):
 * - audit rows keep the act and its time; the subject (a fiscal code, notice numbers) becomes a keyed pseudonym,
 *   so the chain still verifies and the same citizen's acts still group together, but no code is readable;
 * - print jobs keep their state and counts; their option ids and notice numbers are emptied;
 * - rendered previews (`print-preview/job-N.png`, which show name and code) are deleted.
 * Then the WAL is checkpointed and truncated and the file vacuumed with secure_delete, so that what was purged
 * is in no file of the data folder, journal included.
 */
export function purgePersonalData(d: RetentionDeps): PurgeReport {
  const cutoffMs = d.now().getTime() - d.retentionDays * 86_400_000;
  const cutoff = new Date(cutoffMs).toISOString();
  const auditSubjects = d.audit.pseudonymiseBefore(cutoff);
  const printJobs = d.db.transaction(() => {
    const ids = d.db
      .prepare<[string], { id: number }>(
        "SELECT id FROM print_jobs WHERE created_at < ? AND (navs <> '[]' OR option_ids <> '[]')",
      )
      .all(cutoff)
      .map((r) => r.id);
    const scrub = d.db.prepare("UPDATE print_jobs SET navs = '[]', option_ids = '[]' WHERE id = ?");
    const options = d.db.prepare('DELETE FROM print_job_options WHERE job_id = ?');
    for (const id of ids) {
      scrub.run(id);
      options.run(id);
    }
    return ids.length;
  })();
  let previews = 0;
  const dir = join(d.dataDir, 'print-preview');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No preview printed yet.
  }
  const jobAt = d.db.prepare<[number], { created_at: string }>(
    'SELECT created_at FROM print_jobs WHERE id = ?',
  );
  for (const name of names) {
    const file = join(dir, name);
    // By the job's own time (the desk's clock), else by the file's.
    const job = /^job-(\d+)\.png$/.exec(name);
    const at = job ? jobAt.get(Number(job[1]))?.created_at : undefined;
    if (at !== undefined ? at < cutoff : statSync(file).mtimeMs < cutoffMs) {
      rmSync(file, { force: true });
      previews++;
    }
  }
  if (auditSubjects + printJobs > 0) {
    d.db.pragma('secure_delete = ON');
    d.db.pragma('wal_checkpoint(TRUNCATE)');
    d.db.exec('VACUUM');
    d.db.pragma('wal_checkpoint(TRUNCATE)');
    d.db.pragma('secure_delete = OFF');
  }
  return { auditSubjects, printJobs, previews };
}

/** Runs at start, after the positions cache's own purge (the lifecycle starts parts in order). */
export function retentionPart(d: RetentionDeps): Startable {
  return {
    name: 'retention',
    start: () => {
      const r = purgePersonalData(d);
      if (r.auditSubjects + r.printJobs + r.previews > 0)
        d.log.info('retention purge: personal data', { ...r });
    },
    stop: () => {},
  };
}
