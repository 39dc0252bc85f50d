import { describe, expect, it } from 'vitest';
import { parsePrinterInterface } from '../../../core/printers/printer-interface';
import { printerIdFor, printerIssues } from '../../../core/printers/printer-config';

describe('printer interface strings', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['TCP://stampante.local', { kind: 'tcp', host: 'stampante.local', port: 9100 }],
    ['tcp://10.0.0.2:9101/', { kind: 'tcp', host: '10.0.0.2', port: 9101 }],
    ['/dev/usb/lp0', { kind: 'device', path: '/dev/usb/lp0' }],
    ['//server/Ricevute', { kind: 'device', path: '//server/Ricevute' }],
    ['\\\\server\\Ricevute', { kind: 'device', path: '\\\\server\\Ricevute' }],
    ['COM3', { kind: 'device', path: 'COM3' }],
    ['printer:EPSON TM-T20III', { kind: 'spooler', name: 'EPSON TM-T20III' }],
  ])('reads %s', (raw, want) => {
    expect(parsePrinterInterface(raw)).toEqual({ ok: true, value: want });
  });

  it.each([
    ['', 'EMPTY'],
    ['http://192.168.1.50', 'UNKNOWN_SCHEME'],
    ['usb://epson', 'UNKNOWN_SCHEME'],
    ['192.168.1.50:9100', 'SCHEME_MISSING'],
    ['tcp://', 'HOST_MISSING'],
    ['tcp://:9100', 'HOST_MISSING'],
    ['tcp://10.0.0.2:', 'PORT_MISSING'],
    ['tcp://10.0.0.2:91a0', 'PORT_INVALID'],
    ['tcp://10.0.0.2:0', 'PORT_RANGE'],
    ['tcp://10.0.0.2:65536', 'PORT_RANGE'],
    ['tcp://10.0.0.2:9100/coda', 'TCP_FORMAT'],
    ['tcp://300.1.1.1:9100', 'HOST_INVALID'],
    ['tcp://10.0.0:9100', 'HOST_INVALID'],
    ['tcp://-stampante:9100', 'HOST_INVALID'],
    ['printer:', 'SPOOLER_NAME_MISSING'],
    ['lp0', 'DEVICE_PATH_RELATIVE'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parsePrinterInterface(raw)).toMatchObject({ ok: false, reason });
  });
});

describe('printer form validation (the config schema, by field)', () => {
  const good = { id: 'banco', name: 'Banco 1', family: 'epson', width: 80, interface: 'tcp://h:9100' };

  it('refuses tcp://300.1.1.1:9100 on the interface field, with its own reason', () => {
    expect(
      printerIssues({ ...good, interface: 'tcp://300.1.1.1:9100' }).map((i) => [i.field, i.reason]),
    ).toEqual([['interface', 'INTERFACE_HOST_INVALID']]);
  });

  it('accepts a complete printer', () => {
    expect(printerIssues(good)).toEqual([]);
  });

  it('names each offending field with a stable reason', () => {
    const issues = printerIssues({
      ...good,
      name: '  ',
      width: 76,
      interface: 'tcp://h:70000',
      timeoutMs: 100,
    });
    expect(issues.map((i) => [i.field, i.reason])).toEqual([
      ['name', 'REQUIRED'],
      ['width', 'CHOICE'],
      ['interface', 'INTERFACE_PORT_RANGE'],
      ['timeoutMs', 'TOO_SMALL'],
    ]);
    expect(issues.find((i) => i.field === 'timeoutMs')?.params).toEqual({ min: 500 });
  });

  it('derives a unique, valid id from a name', () => {
    expect(printerIdFor('Banco 1 — Àlvarez', [])).toBe('banco-1-alvarez');
    expect(printerIdFor('Banco 1', ['banco-1', 'banco-1-2'])).toBe('banco-1-3');
    expect(printerIdFor('Preview', [])).toBe('stampante');
    expect(printerIdFor('€€€', [])).toBe('stampante');
    expect(printerIssues({ ...good, id: printerIdFor('x'.repeat(60), []) })).toEqual([]);
  });
});
