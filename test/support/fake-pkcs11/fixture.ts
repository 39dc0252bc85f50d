import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DeskConfigInput } from '../../../electron/services/config/schema';
import { createTestDesk, type TestDesk } from '../desk';
import { buildCard } from '../softhsm/cards';
import { tempDir } from '../temp';
import { buildFakePkcs11 } from './build';
import { FakeCard } from './control';

/** The fiscal code in the certificate the fixture's card shows. */
const FAKE_CARD_FISCAL_CODE = 'MRNGPP60A01F839N';

export interface FakeModuleFixture {
  /** Path of the compiled module; set once the file's beforeAll has run. */
  module: string;
  /** The card's authentication certificate (DER), for `fake.set({ cert })`. */
  certFile: string;
  /** The module's control file, in this process's env so that device processes inherit it. */
  fake: FakeCard;
  /** A desk on the module (polled every 100 ms, watchdog 1.5 s), disposed after the test. */
  startDesk(smartcard?: NonNullable<DeskConfigInput['smartcard']>): Promise<TestDesk>;
}

/** The programmable C module for one test file: compiled, with a card certificate and a control file. */
export function useFakeModule(prefix: string): FakeModuleFixture {
  const dir = tempDir(prefix);
  let td: TestDesk | null = null;
  const fx: FakeModuleFixture = {
    module: '',
    certFile: '',
    fake: undefined as unknown as FakeCard,
    async startDesk(smartcard = {}) {
      td = createTestDesk({
        config: {
          smartcard: {
            modules: [fx.module],
            useDefaultModules: false,
            pollIntervalMs: 100,
            watchdogMs: 1500,
            ...smartcard,
          },
        },
      });
      await td.desk.start();
      return td;
    },
  };
  beforeAll(async () => {
    fx.module = buildFakePkcs11();
    const card = await buildCard({ fiscalCode: FAKE_CARD_FISCAL_CODE });
    fx.certFile = join(dir.path, 'cert.der');
    writeFileSync(fx.certFile, card.objects[0]!.cert);
    fx.fake = new FakeCard(dir.path);
    Object.assign(process.env, fx.fake.env);
  }, 60_000);
  afterEach(async () => {
    await td?.dispose();
    td = null;
  });
  afterAll(() => dir.remove());
  return fx;
}
