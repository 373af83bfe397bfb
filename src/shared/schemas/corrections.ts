import { z } from 'zod';

export const correctionFieldSchema = z.enum(['full_name', 'birth_date', 'sex', 'cccd', 'cmnd', 'passport']);
export const correctionStatusSchema = z.enum(['pending', 'needs_info', 'approved', 'rejected']);

export const correctionCreateSchema = z.object({
  field: correctionFieldSchema,
  newValue: z.string().min(1).max(100),
  note: z.string().max(1000).optional(),
  documentId: z.uuid().optional().describe('A photo uploaded first with POST /api/me/files'),
});

export const correctionReplySchema = z.object({
  note: z.string().min(1).max(1000),
  newValue: z.string().min(1).max(100).optional(),
  documentId: z.uuid().optional(),
});

export const correctionDecisionSchema = z.object({
  decision: z.enum(['approve', 'needs_info', 'reject']),
  note: z.string().max(1000).optional(),
});

export const correctionSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  field: correctionFieldSchema,
  oldValue: z.string().nullable(),
  newValue: z.string(),
  citizenNote: z.string().nullable(),
  hasDocument: z.boolean(),
  /** When the retention job deleted the document photo (null while it is kept). */
  documentDeletedAt: z.string().nullable(),
  status: correctionStatusSchema,
  decisionNote: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  unitName: z.string().nullable(),
});
export type Correction = z.infer<typeof correctionSchema>;

export const correctionListSchema = z.object({ items: z.array(correctionSchema) });
export const correctionQuery = z.object({
  status: correctionStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const correctionIdParams = z.object({ id: z.uuid() });
export const fileStoredSchema = z.object({
  id: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
});

/** The photo types of an identity document (JPEG, PNG or WebP); the server checks the bytes too. */
export const DOCUMENT_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
