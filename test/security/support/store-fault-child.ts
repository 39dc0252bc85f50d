// Run by test/security/store-faults.test.ts inside its own mount namespace (a tiny tmpfs, or a read-only bind
// mount): one phase of a desk's life on that file system, its outcome printed as one JSON line.
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { createDesk } from '../../../electron/services/desk';
import { fileSecretStore } from '../../../electron/services/platform/node';
import { writePrivateFileAtomic } from '../../../electron/store/private-files';

const [phase, dataDir] = process.argv.slice(2) as [string, string];
const platform = {
  paths: { dataDir, userConfigFile: join(dataDir, 'config.json'), adminConfigFile: null },
  secrets: fileSecretStore(join(dataDir, 'secrets.json')),
  appVersion: '0.0.0-test',
};
const out: Record<string, unknown> = { phase };
try {
  if (phase === 'atomic') {
    // The configuration's own write path, on the full disk, with a file larger than any space left.
    try {
      writePrivateFileAtomic(platform.paths.userConfigFile, 'x'.repeat(2 * 1024 * 1024));
      out['write'] = 'written';
    } catch (err) {
      out['write'] = err instanceof AppError ? { code: err.code, details: err.details } : String(err);
    }
    out['files'] = readdirSync(dataDir);
    out['config'] = readFileSync(platform.paths.userConfigFile, 'utf8');
    process.stdout.write(JSON.stringify(out) + '\n');
    process.exit(0);
  }
  if (phase === 'setup')
    writeFileSync(platform.paths.userConfigFile, JSON.stringify({ deskName: 'Sportello 1' }));
  const desk = createDesk({ platform });
  if (phase === 'fill') {
    // The disk fills while the desk runs: the database is open, its journal files are there.
    const fd = openSync(join(dataDir, '..', 'filler'), 'w');
    const chunk = Buffer.alloc(4096);
    try {
      for (;;) writeSync(fd, chunk);
    } catch {
      // ENOSPC: the disk is full now.
    } finally {
      closeSync(fd);
    }
  }
  out['identify'] = await desk.api.identity.fromFiscalCode({ code: 'RSSMRA80A01H501U' });
  out['identity'] = await desk.api.identity.current();
  out['save'] = await desk.api.printers.save({
    printer: { id: 'banco', name: 'Banco', family: 'epson', width: 80, interface: 'tcp://127.0.0.1:9' },
  });
  out['audit'] = desk.services.status.get().audit;
  await desk.close();
} catch (err) {
  out['thrown'] = err instanceof AppError ? { code: err.code, details: err.details } : String(err);
}
process.stdout.write(JSON.stringify(out) + '\n');
