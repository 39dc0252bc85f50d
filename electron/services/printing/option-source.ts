import type { Position } from '../../../core/contract/domains/positions';

/**
 * Where the printing service finds what to print. Implemented over the positions service in the desk; tests
 * and the CLI may implement it over a list of positions.
 */
export interface OptionSource {
  /** The positions holding these option ids (payability applied). */
  findOptions(optionIds: readonly string[]): Promise<readonly Position[]>;
  /** The position holding a NAV, with the id of that option; null when unknown. */
  findByNav(nav: string): Promise<{ position: Position; optionId: string } | null>;
  /** The backend's official PDF of a notice, when its connector offers one. */
  officialPdf?(position: Position, optionIds: readonly string[]): Promise<Buffer | null>;
}

/** Over a fixed list of positions (a JSON file for the CLI, fixtures in tests). */
export function listOptionSource(positions: readonly Position[]): OptionSource {
  return {
    findOptions: async (ids) => positions.filter((p) => p.options.some((o) => ids.includes(o.id))),
    findByNav: async (nav) => {
      for (const position of positions) {
        const o = position.options.find((x) => x.nav === nav);
        if (o) return { position, optionId: o.id };
      }
      return null;
    },
  };
}

/** Over the positions service (another feature's): option ids and NAVs to positions. */
export function positionsOptionSource(positions: {
  optionsById(ids: readonly string[]): readonly Position[];
  byNotice(nav: string, ec: string | undefined): Promise<{ positions: readonly Position[] }>;
  officialPdf?(position: Position, nav: string): Promise<Buffer | null>;
}): OptionSource {
  return {
    officialPdf: async (position, ids) => {
      const option = position.options.find((o) => ids.includes(o.id));
      return option && positions.officialPdf ? positions.officialPdf(position, option.nav) : null;
    },
    findOptions: async (ids) => positions.optionsById(ids),
    findByNav: async (nav) => {
      const r = await positions.byNotice(nav, undefined);
      for (const position of r.positions) {
        const o = position.options.find((x) => x.nav === nav);
        if (o) return { position, optionId: o.id };
      }
      return null;
    },
  };
}
