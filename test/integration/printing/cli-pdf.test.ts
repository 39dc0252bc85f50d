import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { WHERE_TO_PAY_APP_TEXT, WHERE_TO_PAY_TERRITORY_TEXT } from '../../../core/notice/texts';
import { startCaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { pngToBitmap, scanQr } from '../../support/escpos/scan';
import { POSTAL, positionFixture } from '../../support/printing/positions';
import { tempDir } from '../../support/temp';
import { composeNotice } from '../../../core/notice';
import { renderA4Pdf } from '../../../electron/services/printing/a4-pdf';

const dir = tempDir('sportello-cli-print-');
afterAll(() => dir.remove());
const positionsFile = join(dir.path, 'positions.json');
writeFileSync(positionsFile, JSON.stringify([positionFixture()]));
const nav = positionFixture().options[0]!.nav;
const io = () => {
  const out: string[] = [];
  return {
    out,
    io: {
      out: (l: string) => out.push(l),
      err: () => undefined,
      env: { ...process.env, SPORTELLO_DATA_DIR: dir.path },
    },
  };
};

describe('sportello print', () => {
  it('sends to a printer URI (the capture server) what decodes to the notice', async () => {
    const server = await startCaptureServer();
    try {
      const { io: cli } = io();
      const code = await runCli(
        [
          'print',
          '--nav',
          nav,
          '--positions',
          positionsFile,
          '--printer',
          server.uri,
          '--family',
          'star',
          '--width',
          '58',
        ],
        cli,
      );
      expect(code).toBe(0);
      const [job] = await server.waitForJobs(1);
      const d = decodeEscPos(job!, 'star');
      expect(d.text).toContain('1.020,99 Euro');
      expect(d.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean)).toEqual([
        `PAGOPA|002|${nav}|01199250158|102099`,
      ]);
    } finally {
      await server.close();
    }
  });

  it('writes a preview PNG at paper width, and a .bin file', async () => {
    const png = join(dir.path, 'n.png');
    const bin = join(dir.path, 'n.bin');
    expect(
      await runCli(['print', '--nav', nav, '--positions', positionsFile, '--preview', png], io().io),
    ).toBe(0);
    expect(await runCli(['print', '--nav', nav, '--positions', positionsFile, '--out', bin], io().io)).toBe(
      0,
    );
    const bm = pngToBitmap(readFileSync(png));
    expect(bm.width).toBe(576);
    expect(decodeEscPos(readFileSync(bin), 'epson').text).toContain('AVVISO DI PAGAMENTO');
  });

  it('refuses an invalid NAV and an unknown one with stable codes', async () => {
    const a = io();
    expect(
      await runCli(['print', '--nav', '123', '--positions', positionsFile, '--out', 'x', '--json'], a.io),
    ).toBe(2);
    const b = io();
    expect(
      await runCli(
        ['print', '--nav', '301000000000012373', '--positions', positionsFile, '--out', 'x', '--json'],
        b.io,
      ),
    ).toBe(1);
    expect(JSON.parse(b.out[0]!)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('A4 PDF', () => {
  it('contains the required texts, in the spec’s module order (pdftotext)', async () => {
    const r = composeNotice({
      position: positionFixture(),
      optionIds: ['opt-single', 'opt-r1', 'opt-r2', 'opt-r3'],
      postal: POSTAL,
    });
    if (!r.ok) throw new Error(r.reason);
    const file = join(dir.path, 'a4.pdf');
    writeFileSync(file, await renderA4Pdf([r.value]));
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const order = [
      'AVVISO DI PAGAMENTO',
      'Tari 2025 - tassa rifiuti utenza domestica - saldo',
      'ENTE CREDITORE',
      'Comune di Sant’Agata Militello',
      'DESTINATARIO',
      'Niccolò Àlvarez D’Urso',
      'QUANTO E QUANDO PAGARE?',
      '1.020,99 Euro entro il 31/07/2025',
      'Puoi pagare per intero oppure in 3 rate',
      'DOVE PAGARE?',
      `PAGA CON L'APP IO ${WHERE_TO_PAY_APP_TEXT}`,
      `PAGA SUL TERRITORIO ${WHERE_TO_PAY_TERRITORY_TEXT}`,
      'RATA UNICA entro il 31/07/2025',
      r.value.payments[0]!.navGrouped,
      'BOLLETTINO POSTALE PA',
      'RATA 3 entro il 30/09/2025',
      POSTAL.authorisation,
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s, at + 1);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
  });
});
