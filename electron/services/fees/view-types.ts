import type { z } from 'zod';
import type { feeCatalogueSchema } from '../../../core/contract/domains/fees';

export type FeeCatalogueSchema = z.infer<typeof feeCatalogueSchema>;
