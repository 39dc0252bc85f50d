import { belfioreConnector } from '@marketto/belfiore-connector-embedded';
import {
  createBirthplaceResolver,
  recordsFromBelfiorePlaces,
  type BirthplaceResolver,
} from '../../../core/fiscal-code/birthplace';

let loading: Promise<BirthplaceResolver> | null = null;

/**
 * The Belfiore directory, loaded once per process on first use (about 0.8 s for ~10,000 places: not worth
 * paying at start-up for a CLI command that never decodes a code). The library's API is async only; after
 * this one load every lookup is a synchronous map access.
 */
export function birthplaceResolver(): Promise<BirthplaceResolver> {
  loading ??= belfioreConnector
    .toArray()
    .then((places) => createBirthplaceResolver(recordsFromBelfiorePlaces(places)));
  return loading;
}
