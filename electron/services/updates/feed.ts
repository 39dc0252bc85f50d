import { load } from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';

export type UpdateChannel = 'latest' | 'beta';

export type UpdateErrorCode = 'FEED_UNREACHABLE' | 'FEED_INVALID' | 'DOWNLOAD_FAILED' | 'CHECKSUM_MISMATCH';

const SENTENCES: Record<UpdateErrorCode, string> = {
  FEED_UNREACHABLE: 'server degli aggiornamenti non raggiungibile: riprovo più tardi',
  FEED_INVALID: 'il file degli aggiornamenti sul server non è valido: nessun aggiornamento installato',
  DOWNLOAD_FAILED: 'download dell’aggiornamento non riuscito: riprovo più tardi',
  CHECKSUM_MISMATCH:
    'l’aggiornamento scaricato non corrisponde a quello annunciato dal server (sha512): scartato, nulla installato',
};

/** A failed update step: a stable code, the Italian sentence for the log and the status, what went wrong. */
export class UpdateError extends Error {
  constructor(
    readonly code: UpdateErrorCode,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${SENTENCES[code]}`);
    this.name = 'UpdateError';
  }
  get sentence(): string {
    return SENTENCES[this.code];
  }
}

/** electron-builder's feed file for a channel and platform, as electron-updater asks for it. */
export function feedFileName(channel: UpdateChannel, platform: NodeJS.Platform): string {
  const suffix = platform === 'linux' ? '-linux' : platform === 'darwin' ? '-mac' : '';
  return `${channel}${suffix}.yml`;
}

/** sha512 as electron-builder writes it: base64 of the 64-byte digest. */
const sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'sha512 non in base64');

const feedSchema = z.object({
  version: z.string().refine((v) => semver.valid(v) !== null, 'versione non semver'),
  files: z
    .array(
      z.object({
        url: z.string().min(1).max(1000),
        sha512,
        size: z.number().int().positive().optional(),
      }),
    )
    .min(1),
  releaseDate: z.string().optional(),
});

export interface FeedFile {
  readonly url: string;
  readonly sha512: string;
  readonly size?: number;
}
export interface UpdateFeed {
  readonly version: string;
  readonly files: readonly FeedFile[];
  readonly releaseDate?: string;
}

/** Parses a `latest*.yml` as electron-builder writes it; anything else is FEED_INVALID, never half-read. */
export function parseFeed(text: string): UpdateFeed {
  let doc: unknown;
  try {
    doc = load(text, { json: false });
  } catch (err) {
    throw new UpdateError('FEED_INVALID', { reason: 'NOT_YAML', error: String(err) });
  }
  const r = feedSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UpdateError('FEED_INVALID', {
      reason: 'SCHEMA',
      key: issue?.path.join('.') ?? '',
      problem: issue?.message ?? '',
    });
  }
  return r.data;
}

export type UpdateDecision =
  | { readonly kind: 'none'; readonly reason: 'SAME' | 'OLDER' | 'CHANNEL' }
  | { readonly kind: 'update'; readonly version: string; readonly file: FeedFile; readonly fileUrl: string };

/** Which installer of the feed this platform installs. */
const EXTENSIONS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  win32: ['.exe'],
  linux: ['.AppImage', '.deb'],
  darwin: ['.zip', '.dmg'],
};

/**
 * Whether the feed offers this desk an update. Never an older or equal version (a feed rolled back on the
 * server does not roll the desks back); `latest` takes releases only, `beta` also `-beta` builds (never
 * `-alpha` or other tags); the installer must be on the feed's own server.
 */
export function decideUpdate(
  currentVersion: string,
  feed: UpdateFeed,
  channel: UpdateChannel,
  feedUrl: string,
  platform: NodeJS.Platform,
): UpdateDecision {
  const pre = semver.prerelease(feed.version);
  if (pre !== null && (channel === 'latest' || pre[0] !== 'beta')) return { kind: 'none', reason: 'CHANNEL' };
  const cmp = semver.compare(feed.version, currentVersion);
  if (cmp === 0) return { kind: 'none', reason: 'SAME' };
  if (cmp < 0) return { kind: 'none', reason: 'OLDER' };
  const exts = EXTENSIONS[platform] ?? [];
  const file = exts.map((e) => feed.files.find((f) => f.url.endsWith(e))).find((f) => f !== undefined);
  if (!file) throw new UpdateError('FEED_INVALID', { reason: 'NO_INSTALLER', platform });
  let fileUrl: URL;
  try {
    fileUrl = new URL(file.url, feedUrl);
  } catch {
    throw new UpdateError('FEED_INVALID', { reason: 'BAD_FILE_URL', url: file.url });
  }
  if (fileUrl.origin !== new URL(feedUrl).origin)
    throw new UpdateError('FEED_INVALID', { reason: 'FOREIGN_FILE_URL', url: fileUrl.href });
  return { kind: 'update', version: feed.version, file, fileUrl: fileUrl.href };
}
