/**
 * Regenerates the page pictures of docs/a4/ from the models the tests render (test/support/printing/a4-models.ts):
 * `npx tsx scripts/a4-pictures.ts`. Needs poppler-utils (pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderA4Pdf } from '../electron/services/printing/a4-pdf';
import { a4Models } from '../test/support/printing/a4-models';

const out = join(import.meta.dirname, '..', 'docs', 'a4');
mkdirSync(out, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'sportello-a4-pictures-'));
try {
  for (const [name, docs] of Object.entries(a4Models())) {
    const pdf = join(tmp, `${name}.pdf`);
    writeFileSync(pdf, await renderA4Pdf(docs));
    execFileSync('pdftoppm', ['-r', '60', '-gray', '-png', pdf, join(out, name)]);
  }
  for (const [lang, model, name] of [
    ['de', 'rata-unica-poste', 'bilingue-it-de'],
    ['en', 'rate-3', 'seconda-lingua-it-en'],
  ] as const) {
    const pdf = join(tmp, `${name}.pdf`);
    writeFileSync(pdf, await renderA4Pdf(a4Models()[model]!, { secondLanguageFor: () => lang }));
    execFileSync('pdftoppm', ['-r', '60', '-gray', '-png', pdf, join(out, name)]);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
