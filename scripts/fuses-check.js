// The Electron fuses the packaged app must carry (electron-builder.yml `electronFuses`), read back from the
// packaged binary's fuse wire with @electron/fuses: a setting that did not reach the binary fails
// `npm run package:check`. Kept apart from the native-addon checks of builder-check.js.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
/** The wire's bytes: ASCII '0' off, '1' on (@electron/fuses constants). */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 };

/** What each fuse must be, and why. */
export const REQUIRED_FUSES = {
  RunAsNode: [false, 'ELECTRON_RUN_AS_NODE must not turn the app into a plain Node'],
  EnableCookieEncryption: [true, 'cookies encrypted at rest with the OS key'],
  EnableNodeOptionsEnvironmentVariable: [false, 'NODE_OPTIONS must not inject code'],
  EnableNodeCliInspectArguments: [false, '--inspect must not open a debugger'],
  EnableEmbeddedAsarIntegrityValidation: [true, 'a modified app.asar must not load'],
  OnlyLoadAppFromAsar: [true, 'no app code from outside app.asar'],
  LoadBrowserProcessSpecificV8Snapshot: [false, 'no separate browser-process snapshot'],
  GrantFileProtocolExtraPrivileges: [false, 'file:// gets no extra privileges'],
};

/**
 * A stand-in Electron binary carrying a stock Electron's fuse wire (sentinel, version 1, 8 fuses as shipped),
 * so that electron-builder's real fuse step has something to flip when no Electron binary can be downloaded.
 */
export function placeholderWithFuseWire(script) {
  // Stock Electron: RunAsNode on, cookies plain, NODE_OPTIONS on, --inspect on, no asar integrity,
  // any app location, no V8 snapshot, file:// privileged.
  const stock = '10110001';
  return `${script}\n# dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX\u0001\u0008${stock}\n`;
}

/** Failures, one line each; none when every fuse is as required. */
export async function checkFuses(binaryPath) {
  const failures = [];
  let wire;
  try {
    wire = await getCurrentFuseWire(binaryPath);
  } catch (err) {
    return [`fuses: cannot read the fuse wire of ${binaryPath}: ${err.message}`];
  }
  for (const [name, [want, why]] of Object.entries(REQUIRED_FUSES)) {
    const state = wire[FuseV1Options[name]];
    const expected = want ? FuseState.ENABLE : FuseState.DISABLE;
    if (state !== expected)
      failures.push(
        `fuse ${name} is ${state === undefined ? 'absent' : String.fromCharCode(state)}, must be ${want ? 'on' : 'off'}: ${why}`,
      );
  }
  return failures;
}
