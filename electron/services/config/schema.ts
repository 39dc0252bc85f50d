import { z } from 'zod';
import { backendSection } from './sections/backend';
import { deskSection, DESK_DEFAULTS } from './sections/desk';
import { displaySection } from './sections/display';
import { operatorsSection } from './sections/operators';
import { printersSection } from './sections/printers';
import { servicesSection } from './sections/services';
import { smartcardSection } from './sections/smartcard';
import { updatesSection } from './sections/updates';

/**
 * The desk's one configuration document. Strict at every level: an unknown key is a typo an IT technician
 * must hear about, not something to ignore. Each section lives in its own file, owned by its feature.
 */
export const configSchema = z.strictObject({
  deskName: z.string().min(1).max(60).default('Sportello'),
  /** Names this desk on every audit row; absent: the machine's host name. */
  deskId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
    .optional(),
  desk: deskSection.default({}).transform((d) => ({ ...DESK_DEFAULTS, ...d })),
  backend: backendSection.default({ kind: 'demo' }),
  smartcard: smartcardSection.prefault({}),
  printers: printersSection.prefault({}),
  /** Fees asked at the desk (issue 19): the catalogue and the ids the desk generates. */
  services: servicesSection.prefault({}),
  /**
   * Operators declared by the administrator (only in the administrator's file): merged at start with those
   * the CLI manages, the file winning for name, role and disabled. Absent: the CLI's alone.
   */
  operators: operatorsSection.optional(),
  /** The citizen's display in the app: on which screen its window opens, if any (sections/display.ts). */
  display: displaySection.prefault({}),
  /** Days after which cached personal data (citizens, positions) are purged. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** How the installed app is updated: the municipality's own distribution (default) or its update server. */
  updates: updatesSection.default({ mode: 'managed' }),
});

export type DeskConfig = z.output<typeof configSchema>;
export type DeskConfigInput = z.input<typeof configSchema>;
