import { describe, expect, it } from 'vitest';
import { confirmationOf } from '../../../core/printers/confirmation';
import { printerIssues } from '../../../core/printers/printer-config';

const base = { id: 'banco-1', name: 'Banco 1', family: 'epson', width: 80 } as const;

describe('which printers can confirm "printed" (issue 20)', () => {
  it('TCP and device files can answer; the spooler cannot', () => {
    expect(confirmationOf({ interface: 'tcp://10.0.0.5', confirm: 'status' })).toBe('status');
    expect(confirmationOf({ interface: '/dev/ttyUSB0', confirm: 'status' })).toBe('status');
    expect(confirmationOf({ interface: '/dev/usb/lp0', confirm: 'peer-close' })).toBe('not-asked');
    expect(confirmationOf({ interface: 'printer:EPSON_TM', confirm: 'peer-close' })).toBe('cannot');
  });

  it('confirm "status" is accepted on serial and USB devices', () => {
    for (const path of ['/dev/ttyUSB0', '/dev/ttyS1', '/dev/usb/lp0', 'COM3'])
      expect(printerIssues({ ...base, interface: path, confirm: 'status' })).toEqual([]);
  });

  it('confirm "status" on the spooler is refused with a reason, not silently downgraded', () => {
    expect(printerIssues({ ...base, interface: 'printer:EPSON_TM', confirm: 'status' })).toEqual([
      { field: 'confirm', reason: 'CONFIRM_UNSUPPORTED', params: {} },
    ]);
    expect(printerIssues({ ...base, interface: 'printer:EPSON_TM', confirm: 'peer-close' })).toEqual([]);
  });
});
