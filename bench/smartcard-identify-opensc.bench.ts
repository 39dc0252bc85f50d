/**
 * Identification latency on a real middleware: a CNS (test/support/pcsc/virtual-cns.ts) put into a virtual
 * reader of pcscd and read by the desk through OpenSC's PKCS#11 module. The virtual card answers at once, so
 * these figures are the software's share; a real card adds its own time per APDU, and the APDU count is
 * reported for that reason. Baselines in the same run, with the same card: the bare pkcs11js sequence (fresh
 * C_Initialize, so that OpenSC binds the card as it does on an insertion) in a plain child process, and
 * `pkcs11-tool --read-object`. Needs root and no other pcscd (see test/support/pcsc/pcscd.ts); otherwise it
 * says why.
 */
import { execFile, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { IdentifyTiming } from '../electron/services/smartcard/smartcard-service';
import { createTestDesk } from '../test/support/desk';
import { OPENSC_MODULE, Pcscd, pcscUnavailable } from '../test/support/pcsc/pcscd';
import { cnsContentOf, VirtualCns } from '../test/support/pcsc/virtual-cns';
import { VpcdCard } from '../test/support/pcsc/vpcd-card';
import { buildCard } from '../test/support/softhsm/cards';
import { waitFor } from '../test/support/wait';
import { machineConditions, report, summarize } from './lib/report';

const run = promisify(execFile);
const POLL_MS = 500;
const N = 12;
const BARE_N = 15;
const TOOL_N = 10;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'node_modules', '.cache', 'sportello-bench', 'smartcard-identify-opensc');

const unavailable = await pcscUnavailable();
if (unavailable) {
  report({ bench: 'smartcard-identify-opensc', conditions: { skipped: unavailable }, figures: [] });
  process.exit(0);
}

// The bare sequence runs in its own process: pkcs11js blocks, and the card answers from this one.
mkdirSync(OUT, { recursive: true });
const bareScript = join(OUT, 'bare-read.cjs');
writeFileSync(
  bareScript,
  `const p = require('pkcs11js'); const m = new p.PKCS11(); m.load(${JSON.stringify(OPENSC_MODULE)});
const find = (s, cls) => { m.C_FindObjectsInit(s, [{ type: p.CKA_CLASS, value: cls }]); const h = m.C_FindObjects(s, 64); m.C_FindObjectsFinal(s); return h; };
const label = (s, h) => m.C_GetAttributeValue(s, h, [{ type: p.CKA_LABEL }])[0].value.toString();
// Until pcscd has noticed the card: not timed.
for (let waited = 0; ; waited += 100) {
  m.C_Initialize(); const n = m.C_GetSlotList(true).length; m.C_Finalize();
  if (n > 0) break;
  if (waited > 10000) throw new Error('no card in the reader');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}
const out = [];
for (let i = 0; i < ${BARE_N}; i++) {
  const t0 = performance.now();
  m.C_Initialize();
  const [slot] = m.C_GetSlotList(true);
  m.C_GetTokenInfo(slot);
  const s = m.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
  for (const h of find(s, p.CKO_CERTIFICATE)) m.C_GetAttributeValue(s, h, [{ type: p.CKA_VALUE }, { type: p.CKA_ID }]);
  for (const h of find(s, p.CKO_DATA)) if (label(s, h) === 'EF_DatiPersonali') m.C_GetAttributeValue(s, h, [{ type: p.CKA_VALUE }]);
  m.C_CloseSession(s);
  m.C_Finalize();
  out.push(performance.now() - t0);
}
process.send(out, () => process.exit(0));\n`,
);

const pcscd = new Pcscd();
await pcscd.start();
try {
  const card = new VirtualCns(
    await cnsContentOf(await buildCard({ datiPersonali: 'consistent' }), { idCarta: '6120016461039008' }),
  );
  const reader = new VpcdCard(card);
  /** N insertions and removals at a desk watching OpenSC by slot events (the default) or by polling. */
  async function deskRun(slotEvents: boolean) {
    const td = createTestDesk({
      config: {
        smartcard: {
          modules: [OPENSC_MODULE],
          useDefaultModules: false,
          pollIntervalMs: POLL_MS,
          slotEvents,
        },
      },
    });
    const timings: IdentifyTiming[] = [];
    td.desk.services.smartcard.onTiming((t) => timings.push(t));
    let identifiedAt = 0;
    let clearedAt = 0;
    td.desk.events.on('identity.changed', (i) => {
      if (i) identifiedAt = performance.now();
      else clearedAt = performance.now();
    });
    await td.desk.start();
    const sc = td.desk.services.smartcard;
    await waitFor(() => sc.status().state === 'waiting', 30_000, 'waiting');
    if (slotEvents) await waitFor(() => sc.status().modules[0]?.watch === 'events', 30_000, 'slot events');

    const insertToIdentity: number[] = [];
    const removalToCleared: number[] = [];
    const apdus: number[] = [];
    // One warm-up insertion (process warm-up, and `auto` learning that OpenSC lists cards live), then N.
    for (let i = 0; i <= N; i++) {
      const logBefore = card.log.length;
      const t0 = performance.now();
      await reader.insert(pcscd.readerPort(0));
      await waitFor(() => timings.length === i + 1, 20_000, 'identification');
      await waitFor(() => identifiedAt >= t0, 5_000, 'identity event');
      if (i > 0) {
        insertToIdentity.push(identifiedAt - t0);
        apdus.push(card.log.length - logBefore);
      }
      await new Promise((r) => setTimeout(r, 300 + ((i * 137) % 500))); // insertions at varied poll phases
      const t1 = performance.now();
      await reader.remove();
      await waitFor(() => clearedAt >= t1, 10_000, 'removal');
      if (i > 0) removalToCleared.push(clearedAt - t1);
    }
    await td.dispose();
    return { seen: timings.slice(1), insertToIdentity, removalToCleared, apdus };
  }
  const events = await deskRun(true);
  const polling = await deskRun(false);
  const { seen, insertToIdentity, removalToCleared, apdus } = events;

  // Baselines, with the card in the reader.
  await reader.insert(pcscd.readerPort(0));
  const bare = await new Promise<number[]>((resolve, reject) => {
    const child = fork(bareScript, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as number[]));
    child.once('exit', (code) => code !== 0 && reject(new Error(`bare read exited ${code}`)));
  });
  const tool: number[] = [];
  for (let i = 0; i < TOOL_N; i++) {
    const t0 = performance.now();
    // Asynchronous on purpose: the card answering the tool lives in this process's event loop.
    await run('pkcs11-tool', ['--module', OPENSC_MODULE, '--read-object', '--type', 'cert', '--id', '01'], {
      encoding: 'buffer',
    });
    tool.push(performance.now() - t0);
  }
  await reader.remove();

  const r2 = (x: number) => Math.round(x * 100) / 100;
  const total = summarize(seen.map((t) => t.totalMs));
  const beyondPoll = summarize(seen.map((t) => t.pkcs11Ms + t.parseMs + t.hopMs));
  const pk = summarize(seen.map((t) => t.pkcs11Ms));
  const parse = summarize(seen.map((t) => t.parseMs));
  const hop = summarize(seen.map((t) => t.hopMs));
  const ins = summarize(insertToIdentity);
  const rem = summarize(removalToCleared);
  const pIns = summarize(polling.insertToIdentity);
  const pRem = summarize(polling.removalToCleared);
  const b = summarize(bare.slice(1));
  const tl = summarize(tool);
  report({
    bench: 'smartcard-identify-opensc',
    conditions: {
      ...machineConditions(),
      module:
        'OpenSC 0.23 opensc-pkcs11.so over pcscd 1.9 (vsmartcard vpcd driver); a virtual CNS answering at once',
      card: 'CNS, RSA-2048 authentication certificate, EF_DatiPersonali present',
      pollIntervalMs: POLL_MS,
      samples: N,
      note: 'the desk waits for slot events (the default) unless a figure says polling: a second desk, slotEvents off, same card, same insertions; total = from the start of the poll that saw the card (OpenSC binds the card inside that poll) to the identity set in the desk; insert → identity also holds pcscd noticing the card and the wait for the next poll; the first insertion after start is excluded (warm-up); bare sequence: fresh C_Initialize per read, first of its reads excluded',
    },
    figures: [
      {
        name: 'identify p95 beyond the poll interval (PKCS#11 read + parse/checks + hop)',
        value: r2(beyondPoll.p95),
        unit: `ms (p50 ${r2(beyondPoll.p50)})`,
        baseline: { name: 'bare pkcs11js sequence, fresh C_Initialize, p95', value: r2(b.p95), unit: 'ms' },
        goal: '<= 25 ms p95 beyond the poll interval',
        met: beyondPoll.p95 <= 25,
      },
      {
        name: 'identify total p95 (from the start of the poll that saw the card)',
        value: r2(total.p95),
        unit: `ms (p50 ${r2(total.p50)})`,
        baseline: { name: 'pkcs11-tool --read-object p95', value: r2(tl.p95), unit: 'ms' },
      },
      {
        name: 'PKCS#11 read (session, find, values) p50/p95',
        value: r2(pk.p50),
        unit: `ms (p95 ${r2(pk.p95)})`,
      },
      {
        name: 'certificate parse + profile + checks p50/p95',
        value: r2(parse.p50),
        unit: `ms (p95 ${r2(parse.p95)})`,
      },
      { name: 'process hop (device → desk) p50/p95', value: r2(hop.p50), unit: `ms (p95 ${r2(hop.p95)})` },
      {
        name: 'card into the reader → identity at the desk p50 / max, slot events',
        value: r2(ins.p50),
        unit: `ms (max ${r2(Math.max(...insertToIdentity))})`,
        baseline: {
          name: `polling every ${POLL_MS} ms, p50 (max ${r2(Math.max(...polling.insertToIdentity))})`,
          value: r2(pIns.p50),
          unit: 'ms',
        },
      },
      {
        name: 'card out of the reader → panel cleared p50 / max, slot events',
        value: r2(rem.p50),
        unit: `ms (max ${r2(Math.max(...removalToCleared))})`,
        baseline: {
          name: `polling every ${POLL_MS} ms, p50 (max ${r2(Math.max(...polling.removalToCleared))})`,
          value: r2(pRem.p50),
          unit: 'ms',
        },
      },
      {
        name: 'APDUs the card answered per insertion (median)',
        value: summarize(apdus).p50,
        unit: 'APDUs',
      },
      { name: 'bare pkcs11js sequence p50', value: r2(b.p50), unit: 'ms' },
      { name: 'pkcs11-tool --read-object p50', value: r2(tl.p50), unit: 'ms' },
    ],
  });
} finally {
  await pcscd.dispose();
}
