/**
 * Child process for the crash test: commits a few audit rows, then opens a long write transaction, says so
 * on stdout and waits inside it until it is killed. Run with tsx: `node --import tsx sqlite-writer-child.ts <db>`.
 */
import { openDatabase } from '../../electron/store/database';

const file = process.argv[2];
if (!file) throw new Error('database path required');
const db = openDatabase(file);
const insert = db.prepare(
  "INSERT INTO audit_log (at, actor, action, subject, details, prev_hash, hash) VALUES ('t', 'child', ?, NULL, '{}', 'p', ?)",
);
for (let i = 0; i < 10; i++) insert.run('committed', `c${i}`);
db.exec('BEGIN IMMEDIATE');
for (let i = 0; i < 50_000; i++) insert.run('uncommitted', `u${i}`);
process.stdout.write('inside-transaction\n');
// Block the thread inside the open transaction; only SIGKILL ends this process.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
