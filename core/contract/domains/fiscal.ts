import { z } from 'zod';
import { method } from '../define';
import { boundedText, isoDate } from '../common';

export const birthplaceSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  province: z.string().nullable(),
  country: z.boolean(),
});

export const decodedFiscalCodeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('person'),
    code: z.string(),
    canonical: z.string(),
    omocodic: z.boolean(),
    birthDate: isoDate,
    sex: z.enum(['M', 'F']),
    belfiore: z.string(),
    foreignBorn: z.boolean(),
    birthplace: birthplaceSchema.nullable(),
  }),
  z.strictObject({ kind: z.literal('legal'), code: z.string() }),
]);
export type DecodedFiscalCode = z.infer<typeof decodedFiscalCodeSchema>;

export const noticeNumberSchema = z.strictObject({
  nav: z.string(),
  formatted: z.string(),
  auxDigit: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  applicationCode: z.string().nullable(),
  segregationCode: z.string().nullable(),
  iuv: z.string(),
  checkDigits: z.string().nullable(),
});
export type NoticeNumberInfo = z.infer<typeof noticeNumberSchema>;

export const fiscalMethods = {
  /** Validates and decodes a typed fiscal code (person or legal entity). */
  'fiscalCode.decode': method(z.strictObject({ code: boundedText(64) }), decodedFiscalCodeSchema),
  /** Validates and explains a notice number (NAV). */
  'noticeNumber.parse': method(z.strictObject({ nav: boundedText(64) }), noticeNumberSchema),
};
