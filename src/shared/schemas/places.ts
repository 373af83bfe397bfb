import { z } from 'zod';
import { isoDate, page, paginationQuery } from './common.ts';

export const unitLevelSchema = z.enum(['province', 'district', 'commune']);
export const editionSchema = z
  .enum(['2025', '2008'])
  .describe('2025: 34 provinces, two tiers; 2008: 63 provinces');

export const adminUnitSchema = z.object({
  id: z.string().describe('Edition and code, e.g. `2025-01` (Hà Nội) or `2008-00004`'),
  edition: editionSchema,
  code: z.string(),
  level: unitLevelSchema,
  kind: z.string().describe('Tỉnh, Thành phố, Phường, Xã, Đặc khu, Thị trấn'),
  name: z.string(),
  shortName: z.string(),
  parentId: z.string().nullable(),
  parentName: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export type AdminUnit = z.infer<typeof adminUnitSchema>;

export const unitSearchQuery = paginationQuery.extend({
  q: z.string().max(100).optional().describe('Name (accents optional: `ha noi` finds Hà Nội) or code prefix'),
  level: unitLevelSchema.optional(),
  edition: editionSchema.default('2025'),
  parent: z.string().max(20).optional().describe('Only units directly under this unit id'),
  at: isoDate.optional().describe('Only units valid on this date'),
});
export type UnitSearchQuery = z.infer<typeof unitSearchQuery>;

export const unitPageSchema = page(adminUnitSchema);

export const unitIdParams = z.object({
  id: z
    .string()
    .min(3)
    .max(20)
    .regex(/^\d{4}-\d{2,5}$/),
});

export const unitSuccessorSchema = z.object({
  unit: adminUnitSchema,
  coverage: z.enum(['full', 'partial']),
});

export const unitDetailSchema = adminUnitSchema.extend({
  childCount: z.number().int(),
  successors: z.array(unitSuccessorSchema).describe('Units of the newer edition this unit went into'),
  predecessors: z.array(unitSuccessorSchema).describe('Units of the older edition merged into this one'),
});
export type UnitDetail = z.infer<typeof unitDetailSchema>;

export const facilityKindSchema = z.enum([
  'vaccination_site',
  'commune_health_station',
  'clinic',
  'hospital',
  'mobile_team',
]);

export const facilitySearchQuery = paginationQuery.extend({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Name or code, accents and case optional (`tram y te hai chau`, `tyt-48`)'),
});
export type FacilitySearchQuery = z.infer<typeof facilitySearchQuery>;

export const facilitySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: facilityKindSchema,
  unitId: z.string(),
  unitName: z.string().describe('The commune (or ward) the facility is in'),
  active: z.boolean(),
});
export type Facility = z.infer<typeof facilitySchema>;

export const facilityPageSchema = page(facilitySchema);
