import { z } from 'zod';

const path = z.string().min(1).max(1024);

export const smartcardSection = z.strictObject({
  enabled: z.boolean().default(true),
  /** PKCS#11 modules to try, in order, before the per-OS defaults. */
  modules: z.array(path).max(32).default([]),
  /** Also try the per-OS default module paths (native/smartcard/modules.ts) after the configured ones. */
  useDefaultModules: z.boolean().default(true),
  pollIntervalMs: z.number().int().min(100).max(5000).default(500),
  /**
   * When a poll re-initialises a module (C_Finalize + C_Initialize) so that a newly inserted card shows up:
   * `auto` every 1.5 s until a card shows whether the module lists insertions by itself (then only after a
   * removal or an error) or only after a re-initialisation (then, with no card in, one poll per 1.5 s, each a
   * re-initialisation); what it learned is kept in the desk database. `always` on every idle poll (the old,
   * CPU-hungry way), `never` only after a removal or an error. See native/smartcard/reinit-policy.ts.
   */
  reinitializeWhenIdle: z.enum(['auto', 'always', 'never']).default('auto'),
  /**
   * Wait for the module's slot events (C_WaitForSlotEvent, in a thread of the device process) instead of polling
   * it, where the module supports that (OpenSC does; SoftHSM and many vendor modules do not, and are polled).
   * Off: always poll, for a middleware whose events misbehave.
   */
  slotEvents: z.boolean().default(true),
  /** Folder of trusted CA certificates (PEM/DER): without it the chain is reported `unverified`. */
  trustDir: path.nullable().default(null),
  /**
   * A CRL file kept fresh by the administrator; without it (and without `crlUrl`) revocation is reported
   * `not-checked`. With `crlUrl`, the file the download is written to (default: `crl/downloaded.crl` in the
   * data folder).
   */
  crlFile: path.nullable().default(null),
  /** The CA's CRL distribution point (http/https), downloaded at start and every `crlRefreshHours`. */
  crlUrl: z
    .url({ protocol: /^https?$/ })
    .max(1024)
    .nullable()
    .default(null),
  crlRefreshHours: z.number().int().min(1).max(168).default(6),
  /**
   * A device process that does not answer a ping within this time is considered hung (a vendor module blocked
   * inside a call) and is restarted. Real cards over PC/SC take up to a couple of seconds per read.
   */
  watchdogMs: z.number().int().min(500).max(60_000).default(8000),
});
export type SmartcardConfig = z.infer<typeof smartcardSection>;
