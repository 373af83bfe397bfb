import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });

export const readinessSchema = z.object({
  status: z.literal('ready'),
  engine: z.enum(['pglite', 'postgres']),
  migrations: z.object({ pending: z.number().int() }),
  referenceDatasets: z.number().int(),
});

export const overviewSchema = z.object({
  version: z.string(),
  engine: z.enum(['pglite', 'postgres']),
  demo: z
    .object({
      provinceId: z.string(),
      provinceName: z.string(),
      people: z.number().int(),
      loadedAt: z.string(),
    })
    .nullable()
    .describe('Set when the instance holds generated demo data'),
  counts: z.object({
    people: z.number().int(),
    facilities: z.number().int(),
    provinces: z.number().int(),
    communes: z.number().int(),
    vaccines: z.number().int(),
  }),
});
export type Overview = z.infer<typeof overviewSchema>;
