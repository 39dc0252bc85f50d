import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import {
  decideUpdate,
  feedFileName,
  parseFeed,
  UpdateError,
  type UpdateChannel,
  type UpdateDecision,
} from './feed';

const TIMEOUT_MS = 30_000;
/** A feed is a few hundred bytes; a larger answer is not one. */
const MAX_FEED_BYTES = 64 * 1024;

export interface UpdateCheck {
  /** The folder the feed and installers are in (the `updates.url` key). */
  readonly feedUrl: string;
  readonly channel: UpdateChannel;
  readonly currentVersion: string;
  readonly platform?: NodeJS.Platform;
}

function folder(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Reads the channel's feed on the municipality's server and says whether this desk should update. */
export async function checkForUpdate(c: UpdateCheck): Promise<UpdateDecision> {
  const platform = c.platform ?? process.platform;
  const base = folder(c.feedUrl);
  const url = new URL(feedFileName(c.channel, platform), base).href;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (err) {
    throw new UpdateError('FEED_UNREACHABLE', { url, error: String(err) });
  }
  if (!res.ok) throw new UpdateError('FEED_UNREACHABLE', { url, status: res.status });
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_FEED_BYTES) throw new UpdateError('FEED_INVALID', { reason: 'TOO_LARGE', url });
  return decideUpdate(c.currentVersion, parseFeed(body.toString('utf8')), c.channel, base, platform);
}

/** The file's sha512 in electron-builder's form (base64). */
export async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * Downloads the decided installer to `dest` and keeps it only if its sha512 is the feed's; otherwise the file is
 * removed and CHECKSUM_MISMATCH thrown. (On Windows electron-updater also checks the installer's Authenticode
 * publisher before running it.)
 */
export async function downloadVerified(
  decision: Extract<UpdateDecision, { kind: 'update' }>,
  dest: string,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(decision.fileUrl, { signal: AbortSignal.timeout(10 * TIMEOUT_MS), redirect: 'error' });
  } catch (err) {
    throw new UpdateError('DOWNLOAD_FAILED', { url: decision.fileUrl, error: String(err) });
  }
  if (!res.ok) throw new UpdateError('DOWNLOAD_FAILED', { url: decision.fileUrl, status: res.status });
  await writeFile(dest, Buffer.from(await res.arrayBuffer()));
  const actual = await sha512Of(dest);
  if (actual !== decision.file.sha512) {
    await rm(dest, { force: true });
    throw new UpdateError('CHECKSUM_MISMATCH', { url: decision.fileUrl });
  }
  return dest;
}
