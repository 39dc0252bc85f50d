import { fileURLToPath } from 'node:url';
import { sharedObject } from '../gcc';

const SOURCE = fileURLToPath(new URL('./fake-pkcs11.c', import.meta.url));
const INCLUDES = fileURLToPath(new URL('../../../node_modules/pkcs11js/includes', import.meta.url));

/** The programmable fake module, compiled with the machine's gcc; returns the .so path. */
export function buildFakePkcs11(): string {
  return sharedObject(SOURCE, 'fake-pkcs11', ['-I', INCLUDES]);
}
