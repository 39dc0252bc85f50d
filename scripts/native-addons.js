// Which platform and architecture a native addon (.node) was built for, read from its header (ELF, PE, Mach-O),
// and the check package:check runs on a packaged tree: each addon the desk loads must be there, unpacked from
// the asar, and built for the package's target. pkcs11js has no prebuilt binaries (node-gyp compiles it on the
// machine that installs it), so a Windows package assembled on Linux carries a Linux pkcs11.node: refused here.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

const ELF_MACHINE = { 0x3e: 'x64', 0xb7: 'arm64', 0x03: 'ia32', 0x28: 'arm' };
const PE_MACHINE = { 0x8664: 'x64', 0xaa64: 'arm64', 0x14c: 'ia32' };
const MACHO_CPU = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

/** { platform, arch } of a native binary's bytes, or null when the header is none of the three. */
export function binaryTarget(buf) {
  if (buf.length >= 20 && buf[0] === 0x7f && buf.toString('latin1', 1, 4) === 'ELF') {
    const machine = buf[5] === 2 ? buf.readUInt16BE(18) : buf.readUInt16LE(18);
    return { platform: 'linux', arch: ELF_MACHINE[machine] ?? `elf-${machine}` };
  }
  if (buf.length >= 0x40 && buf.toString('latin1', 0, 2) === 'MZ') {
    const pe = buf.readUInt32LE(0x3c);
    if (pe + 6 <= buf.length && buf.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = buf.readUInt16LE(pe + 4);
      return { platform: 'win32', arch: PE_MACHINE[machine] ?? `pe-${machine}` };
    }
    return null;
  }
  if (buf.length >= 8 && buf.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = buf.readUInt32LE(4);
    return { platform: 'darwin', arch: MACHO_CPU[cpu] ?? `macho-${cpu}` };
  }
  return null;
}

function head(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The addon files the desk loads on `target`, as its packages look them up: better-sqlite3 a prebuild named for
 * the target (or its own build), pkcs11js only its node-gyp build.
 */
export function requiredAddons(target) {
  return [
    {
      name: 'better-sqlite3',
      candidates: [
        `node_modules/better-sqlite3/prebuilds/${target.platform}-${target.arch}.node`,
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ],
    },
    { name: 'pkcs11js', candidates: ['node_modules/pkcs11js/build/Release/pkcs11.node'] },
  ];
}

/** Failures (one sentence each) for the unpacked folder of a package built for `target`. */
export function checkNativeAddons(unpackedRoot, target) {
  const failures = [];
  for (const addon of requiredAddons(target)) {
    const found = addon.candidates
      .map((c) => ({ path: c, file: join(unpackedRoot, c) }))
      .filter((c) => existsSync(c.file))
      .map((c) => ({ ...c, built: binaryTarget(head(c.file)) }));
    const right = found.find((c) => c.built?.platform === target.platform && c.built.arch === target.arch);
    if (right) continue;
    if (found.length === 0) {
      failures.push(
        `${addon.name}: addon nativo assente da app.asar.unpacked (${addon.candidates.join(' o ')})`,
      );
    } else {
      const what = found.map(
        (c) => `${c.path} è ${c.built ? `${c.built.platform}-${c.built.arch}` : 'illeggibile'}`,
      );
      failures.push(
        `${addon.name}: nessun addon per ${target.platform}-${target.arch} (${what.join('; ')}): ` +
          `installa le dipendenze su una macchina ${target.platform}-${target.arch} (npm ci) e impacchetta lì`,
      );
    }
  }
  return failures;
}
