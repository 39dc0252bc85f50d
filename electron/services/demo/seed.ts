import type { PositionsRepo } from '../../store/positions/positions-repo';
import { localDay } from '../positions/dates';
import { demoPositions } from './dataset';

/**
 * Demo mode: with no backend configured the desk fills its cache with the sample data on first start (and
 * again if the retention purge emptied it), so the clerk can try every screen.
 */
export function seedDemo(repo: PositionsRepo, now: Date): number {
  if (repo.countPositions('demo') > 0) return 0;
  const list = demoPositions(localDay(now), now.toISOString());
  repo.db.transaction(() => list.forEach((p) => repo.upsert(p)))();
  return list.length;
}
