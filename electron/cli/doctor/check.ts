import type { LoadedConfig } from '../../services/config/load';
import type { Platform } from '../../services/platform/types';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'info';

export interface DoctorCheck {
  readonly id: string;
  readonly label: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly data?: unknown;
}

export interface DoctorContext {
  readonly platform: Platform;
  /** Null when the configuration itself failed: checks that need it report so. */
  readonly config: LoadedConfig | null;
}

/** One diagnostic. Each feature adds its own file; none may throw (a thrown error becomes a `fail`). */
export type DoctorProbe = (ctx: DoctorContext) => Promise<DoctorCheck | DoctorCheck[]>;
