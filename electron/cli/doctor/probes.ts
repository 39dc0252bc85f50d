import type { DoctorProbe } from './check';
import { backendProbe } from './probe-backend';
import { auditProbe } from './probes-audit';
import { configProbe, databaseProbe, nodeProbe } from './probes-foundation';
import { crlProbe } from './probes-crl';
import { smartcardProbe } from './probes-smartcard';
import { printersProbe } from './probes-printers';

/** Every diagnostic, in the order the technician reads them. Features append theirs here. */
export const probes: readonly DoctorProbe[] = [
  nodeProbe,
  configProbe,
  databaseProbe,
  auditProbe,
  backendProbe,
  smartcardProbe,
  crlProbe,
  printersProbe,
];
