// Run by test/security/audit-first.test.ts inside its own mount namespace, where the audit anchor file sits on a
// full tmpfs or a read-only bind mount: a desk tries every print act once; the outcomes go out as one JSON line.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { createDesk } from '../../../electron/services/desk';
import { testPlatform } from '../../support/desk';

const [dataDir, optionId] = process.argv.slice(2) as [string, string];
const out: Record<string, unknown> = {};
try {
  const desk = createDesk({ platform: testPlatform(dataDir) });
  const key = () => `child-${process.pid}-${Math.random().toString(36).slice(2)}`;
  out['print'] = await desk.api.notices.print({
    optionIds: [optionId],
    printerId: 'banco',
    reprint: true,
    idempotency: key(),
  });
  out['preview'] = await desk.api.notices.print({
    optionIds: [optionId],
    printerId: 'preview',
    reprint: true,
    idempotency: key(),
  });
  out['test'] = await desk.api.printers.test({ printerId: 'banco' });
  const pdf = await desk.api.notices.pdf({ optionIds: [optionId] });
  out['pdf'] = pdf.ok ? { ok: true, bytes: pdf.value.pdf.length } : pdf;
  const previews = join(dataDir, 'print-preview');
  out['previews'] = existsSync(previews) ? readdirSync(previews) : [];
  await desk.close();
} catch (err) {
  out['thrown'] = err instanceof AppError ? { code: err.code, details: err.details } : String(err);
}
process.stdout.write(JSON.stringify(out) + '\n');
