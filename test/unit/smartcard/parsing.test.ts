import { describe, expect, test } from 'vitest';
import { encodeDatiPersonali, parseDatiPersonali } from '../../../native/smartcard/dati-personali';
import { explainLoadError, moduleCandidates } from '../../../native/smartcard/modules';
import { classifyPkcs11Error } from '../../../native/smartcard/pkcs11-errors';
import { fromDeviceSchema, toDeviceSchema } from '../../../native/smartcard/protocol';

describe('EF_DatiPersonali', () => {
  test('round-trips the length-prefixed hex format and reads dates as YYYY-MM-DD', () => {
    const raw = encodeDatiPersonali({
      issuer: 'REGIONE LAZIO',
      issueDate: '01022023',
      expiryDate: '01022029',
      surname: 'MUSARRA',
      givenName: 'ANTONIO',
      birthDate: '15061977',
      sex: 'M',
      height: '',
      fiscalCode: 'msrntn77h15c351x',
    });
    expect(parseDatiPersonali(raw)).toEqual({
      issuer: 'REGIONE LAZIO',
      issueDate: '2023-02-01',
      expiryDate: '2029-02-01',
      surname: 'MUSARRA',
      givenName: 'ANTONIO',
      birthDate: '1977-06-15',
      sex: 'M',
      fiscalCode: 'MSRNTN77H15C351X',
    });
  });

  test('refuses what is not in the format instead of guessing', () => {
    expect(parseDatiPersonali(Buffer.from('hello'))).toBeNull();
    expect(parseDatiPersonali(Buffer.from('00000AZZ'))).toBeNull();
    expect(parseDatiPersonali(Buffer.from('0000FF05ABC'))).toBeNull();
  });
});

describe('module discovery', () => {
  test('configured modules first, then the OS defaults, no duplicates, never SoftHSM by default', () => {
    const c = moduleCandidates(['/x/a.so', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'], 'linux');
    expect(c[0]).toEqual({ path: '/x/a.so', source: 'config' });
    expect(c.filter((m) => m.path.includes('opensc')).length).toBe(1);
    expect(c.some((m) => /softhsm/i.test(m.path))).toBe(false);
    expect(moduleCandidates([], 'linux', false)).toEqual([]);
  });

  test('loader errors become stable reasons, Win32 126 and 193 included', () => {
    expect(explainLoadError('LoadLibrary failed: 126')).toBe('WIN32_126_NOT_FOUND_OR_DEPENDENCY');
    expect(explainLoadError('%1 is not a valid Win32 application. (193)')).toBe(
      'WIN32_193_WRONG_ARCHITECTURE',
    );
    expect(explainLoadError('/x.so: wrong ELF class: ELFCLASS32')).toBe('WRONG_ARCHITECTURE');
    expect(explainLoadError('libpcsclite.so.1: cannot open shared object file')).toBe('DEPENDENCY_MISSING');
    expect(explainLoadError('/etc/hostname: file too short')).toBe('NOT_A_LIBRARY');
  });

  test('PKCS#11 errors are sorted into what the poller does next', () => {
    expect(classifyPkcs11Error(new Error('CKR_DEVICE_REMOVED:50'))).toBe('gone');
    expect(classifyPkcs11Error(new Error('CKR_TOKEN_NOT_PRESENT'))).toBe('gone');
    expect(classifyPkcs11Error(new Error('CKR_SESSION_HANDLE_INVALID'))).toBe('reinit');
    expect(classifyPkcs11Error(new Error('CKR_GENERAL_ERROR'))).toBe('reinit');
    expect(classifyPkcs11Error(new Error('CKR_PIN_INCORRECT'))).toBe('pin-incorrect');
    expect(classifyPkcs11Error(new Error('CKR_PIN_LOCKED'))).toBe('pin-locked');
  });
});

describe('device protocol', () => {
  test('refuses unknown messages, extra keys and oversized PINs on both sides', () => {
    expect(toDeviceSchema.safeParse({ type: 'ping', seq: 1 }).success).toBe(true);
    expect(toDeviceSchema.safeParse({ type: 'ping', seq: 1, extra: true }).success).toBe(false);
    expect(
      toDeviceSchema.safeParse({ type: 'verifyPin', requestId: 1, cardKey: 'k', pin: '1'.repeat(33) })
        .success,
    ).toBe(false);
    expect(fromDeviceSchema.safeParse({ type: 'card', card: {} }).success).toBe(false);
    expect(fromDeviceSchema.safeParse({ type: 'shell', cmd: 'rm' }).success).toBe(false);
  });
});
