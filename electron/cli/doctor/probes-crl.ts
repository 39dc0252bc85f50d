import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smartcardSection } from '../../services/config/sections/smartcard';
import { crlProblemIt, crlProblemOf, downloadCrl } from '../../services/smartcard/crl-download';
import type { DoctorProbe } from './check';

/**
 * Revocation source: with `smartcard.crlUrl`, one download now (into a temporary folder, not over the desk's
 * copy) says whether the URL serves a CRL and until when; without a URL or file, that revocation goes
 * unchecked.
 */
export const crlProbe: DoctorProbe = async ({ config }) => {
  const cfg = smartcardSection.parse(config?.config.smartcard ?? {});
  const label = 'Revoca dei certificati (CRL)';
  if (!cfg.enabled) return { id: 'crl', label, status: 'info', detail: 'lettore carte disattivato' };
  if (!cfg.crlUrl)
    return {
      id: 'crl',
      label,
      status: 'info',
      detail: cfg.crlFile
        ? `file ${cfg.crlFile}, aggiornato dall’amministratore`
        : 'nessuna CRL configurata (smartcard.crlUrl o smartcard.crlFile): la revoca risulta «non verificata»',
    };
  const dir = mkdtempSync(join(tmpdir(), 'sportello-crl-'));
  try {
    const got = await downloadCrl({ url: cfg.crlUrl, file: join(dir, 'probe.crl') });
    const until = got.nextUpdate
      ? `, valida fino al ${got.nextUpdate.toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : '';
    return {
      id: 'crl',
      label,
      status: got.nextUpdate && got.nextUpdate < new Date() ? 'warn' : 'ok',
      detail: `${cfg.crlUrl}: ${got.revoked} certificati revocati${until}`,
      data: got,
    };
  } catch (err) {
    return {
      id: 'crl',
      label,
      status: 'fail',
      detail: `${cfg.crlUrl}: ${crlProblemIt(crlProblemOf(err))}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
