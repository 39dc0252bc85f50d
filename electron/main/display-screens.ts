import type { DisplayScreenSetting } from '../services/config/sections/display';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of Electron's `Display` the choice needs. */
export interface ScreenDisplay {
  readonly id: number;
  readonly bounds: Rect;
}

/** The screen the setting names among those plugged in now (possibly the primary one); null for none. */
export function wantedScreen(
  setting: DisplayScreenSetting,
  all: readonly ScreenDisplay[],
  primaryId: number,
): ScreenDisplay | null {
  if (setting === 'none') return null;
  if (setting === 'secondary') return all.find((d) => d.id !== primaryId) ?? null;
  const [kind, n] = setting.split(':');
  const value = Number(n);
  if (kind === 'index') return all[value] ?? null;
  if (kind === 'id') return all.find((d) => d.id === value) ?? null;
  return null;
}

/**
 * The screen the citizen's display goes on; null for none. Never the primary screen: a full-screen window there
 * would cover the clerk's desk.
 */
export function chooseScreen(
  setting: DisplayScreenSetting,
  all: readonly ScreenDisplay[],
  primaryId: number,
): ScreenDisplay | null {
  const found = wantedScreen(setting, all, primaryId);
  return found && found.id !== primaryId ? found : null;
}
