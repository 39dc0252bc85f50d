import { parseCertificate } from './certificate';
import { ckrOf } from './pkcs11-errors';
import type { CertificateSummary, DeviceConfig, ModuleReport, SlotReport } from './protocol';
import type { TokenFacts } from './token';
import { loadModules, safe, type Watched } from './watched-module';

/**
 * The doctor's view: every module, every slot, every token and the certificates on it. With no module loaded
 * yet (a probe before any configuration) the usual places are tried.
 */
export async function probeModules(
  watched: readonly Watched[],
  config: DeviceConfig | null,
): Promise<{ modules: ModuleReport[]; slots: SlotReport[] }> {
  const slots: SlotReport[] = [];
  // The report says how each module is watched: give a module just loaded a moment to say.
  await withTimeout(Promise.all(watched.map((w) => w.events?.decided)), PROBE_EVENTS_WAIT_MS);
  const modules =
    watched.length > 0
      ? watched
      : loadModules(
          config ?? {
            modules: [],
            useDefaultModules: true,
            pollIntervalMs: 500,
            trustDir: null,
            crlFile: null,
          },
        );
  for (const w of modules) {
    const mod = w.mod;
    if (!mod) continue;
    let list: Buffer[];
    try {
      // A module with a slot-event thread lists every card live, and must not be finalised under its wait.
      if (!w.events) mod.reinitialize();
      list = mod.allSlots();
    } catch (err) {
      slots.push(emptySlot(w.report.path, '', ckrOf(err)));
      continue;
    }
    for (const slot of list) {
      const description = safe(() => mod.slotDescription(slot), '');
      let token: TokenFacts;
      try {
        token = mod.token(slot);
      } catch (err) {
        const ckr = ckrOf(err);
        slots.push(emptySlot(w.report.path, description, ckr === 'CKR_TOKEN_NOT_PRESENT' ? null : ckr));
        continue;
      }
      const report: SlotReport = {
        ...emptySlot(w.report.path, description, null),
        tokenPresent: true,
        token,
      };
      if (token.initialized) {
        try {
          const c = mod.readContents(slot, true);
          report.certificates.push(...c.certificates.map((o) => summarize(o.label, o.id, o.value)));
          report.dataObjects.push(...c.dataObjects.map((d) => d.label.slice(0, 256)));
        } catch (err) {
          report.error = ckrOf(err);
        }
      }
      slots.push(report);
    }
  }
  return { modules: modules.map((w) => w.report), slots };
}

function emptySlot(module: string, slotDescription: string, error: string | null): SlotReport {
  return {
    module,
    slotDescription,
    tokenPresent: false,
    token: null,
    certificates: [],
    dataObjects: [],
    error,
  };
}

function summarize(label: string, id: string, der: Buffer): CertificateSummary {
  try {
    const c = parseCertificate(der);
    return {
      label: label.slice(0, 256),
      id: id.slice(0, 256),
      subject: c.subject.slice(0, 2000),
      issuer: c.issuer.slice(0, 2000),
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      policies: c.policies.slice(0, 32),
      keyUsage: [...c.keyUsage],
      sha256: c.sha256,
      role: c.role,
    };
  } catch {
    return {
      label: label.slice(0, 256),
      id: id.slice(0, 256),
      subject: '(illeggibile)',
      issuer: '',
      notBefore: '',
      notAfter: '',
      policies: [],
      keyUsage: [],
      sha256: '',
      role: 'other',
    };
  }
}

/** How long a probe waits for a module just loaded to say whether it reports slot events. */
const PROBE_EVENTS_WAIT_MS = 2000;

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
