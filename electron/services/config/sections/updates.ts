import { z } from 'zod';
import { loopbackOrHttpsUrl } from './url-rules';

/** The update feed's folder: https, or http to this computer only (a feed in clear could be swapped on the way). */
const feedUrl = loopbackOrHttpsUrl({
  http: 'per gli aggiornamenti serve https:// (http:// solo verso questo computer)',
  httpReason: 'HTTP_FEED',
  credentials: 'niente credenziali nell’indirizzo degli aggiornamenti',
});

/**
 * How the installed app is updated (docs/deploying.md, "Updates"). `managed`: never by itself, the
 * municipality's own software distribution installs each release silently (NSIS `/S`, the deb). `generic`:
 * electron-updater reads `latest.yml` (or `beta.yml`) from the municipality's server, never goes back to an
 * older version, and installs a verified download when the app quits. Usually locked in the administrator's file.
 */
export const updatesSection = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('managed') }),
  z.strictObject({
    mode: z.literal('generic'),
    /** The folder holding the installers and the `latest*.yml` files electron-builder wrote. */
    url: feedUrl,
    /** `latest`: releases only; `beta`: also the municipality's beta builds (versions like 1.4.0-beta.2). */
    channel: z.enum(['latest', 'beta']).default('latest'),
    checkEveryHours: z.number().int().min(1).max(168).default(4),
  }),
]);

export type UpdatesConfig = z.output<typeof updatesSection>;
