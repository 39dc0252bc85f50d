import { existsSync } from 'node:fs';

/**
 * PKCS#11 modules the desk tries when the configuration names none that work: the middlewares Italian regions
 * ship for CNS/CRS/TS-CNS cards, then OpenSC, then the CIE one (recognised, see profile.ts). SoftHSM is never a
 * default: it holds test tokens, not citizens' cards.
 */
export const DEFAULT_MODULES: Readonly<Record<string, readonly string[]>> = {
  win32: [
    'bit4xpki.dll',
    'bit4ipki.dll',
    'bit4opki.dll',
    'C:\\Windows\\System32\\asepkcs.dll',
    'siecap11.dll',
    'CardOS_PKCS11.dll',
    'cnsPKCS11.dll',
    'OCSCryptoki.dll',
    'inp11lib.dll',
    'IDPrimePKCS11.dll',
    'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
    'CIEPKI.dll',
  ],
  linux: [
    '/usr/lib/bit4id/libbit4xpki.so',
    '/usr/lib/bit4id/libbit4ipki.so',
    '/usr/lib/bit4id/libbit4opki.so',
    '/usr/lib/libbit4xpki.so',
    '/usr/lib/x64-athena/libASEP11.so',
    '/usr/lib/libsiecap11.so',
    '/usr/lib/libOcsCryptoki.so',
    '/usr/lib/libIDPrimePKCS11.so',
    '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
    '/usr/lib/libcie-pkcs11.so',
    '/usr/local/lib/libcie-pkcs11.so',
  ],
  darwin: [
    '/usr/local/lib/libbit4xpki.dylib',
    '/Library/Application Support/Athena/libASEP11.dylib',
    '/Library/OpenSC/lib/opensc-pkcs11.so',
    '/usr/local/lib/libcie-pkcs11.dylib',
  ],
};

export interface ModuleCandidate {
  readonly path: string;
  readonly source: 'config' | 'default';
}

/**
 * Configured modules first, in the technician's order, then the platform defaults; duplicates dropped.
 * `useDefaults: false` is for tests and for desks whose administrator wants exactly one module.
 */
export function moduleCandidates(
  configured: readonly string[],
  platform: string = process.platform,
  useDefaults = true,
): ModuleCandidate[] {
  const seen = new Set<string>();
  const out: ModuleCandidate[] = [];
  const add = (path: string, source: ModuleCandidate['source']) => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, source });
  };
  configured.forEach((p) => add(p, 'config'));
  if (useDefaults) (DEFAULT_MODULES[platform] ?? []).forEach((p) => add(p, 'default'));
  return out;
}

/**
 * A bare DLL name (Windows) is resolved by the loader through the system search path, so it cannot be checked
 * with existsSync: it counts as present and its load error tells the rest.
 */
export function moduleFileExists(path: string, platform: string = process.platform): boolean {
  if (platform === 'win32' && !/[\\/]/.test(path)) return true;
  return existsSync(path);
}

/** Turns a loader message into a stable reason the doctor and the status bar can explain. */
export function explainLoadError(message: string): string {
  if (/\b126\b/.test(message) || /specified module could not be found/i.test(message))
    return 'WIN32_126_NOT_FOUND_OR_DEPENDENCY';
  if (/\b193\b/.test(message) || /not a valid Win32 application/i.test(message))
    return 'WIN32_193_WRONG_ARCHITECTURE';
  if (/wrong ELF class|ELFCLASS32|incompatible architecture|mach-o, but wrong architecture/i.test(message))
    return 'WRONG_ARCHITECTURE';
  if (/cannot open shared object file/i.test(message)) return 'DEPENDENCY_MISSING';
  if (/invalid ELF header|file too short|not a mach-o/i.test(message)) return 'NOT_A_LIBRARY';
  if (/undefined symbol: C_GetFunctionList|C_GetFunctionList/i.test(message)) return 'NOT_PKCS11';
  if (/CKR_/.test(message)) return 'INIT_FAILED';
  return 'LOAD_FAILED';
}
