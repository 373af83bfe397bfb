import { z } from 'zod';
import { isIsoDate } from '../rules/dates.ts';

/** Page through a list: `limit` rows from `offset`. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A calendar date written YYYY-MM-DD that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isIsoDate, { params: { code: 'field.invalid_date' } });

/** Wraps a page of items with the total count. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
