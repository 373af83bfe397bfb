import { endpoint, file } from '../api/endpoint.ts';
import {
  correctionCreateSchema,
  correctionDecisionSchema,
  correctionIdParams,
  correctionListSchema,
  correctionQuery,
  correctionReplySchema,
  correctionSchema,
  DOCUMENT_IMAGE_TYPES,
  fileStoredSchema,
} from '../schemas/corrections.ts';
import { memberParams } from '../schemas/households.ts';

const tags = ['corrections'];

/**
 * What an upload may claim to be: typed as any string because a browser's `File.type` is one; the
 * server refuses another type (415) and checks the bytes.
 */
const uploadTypes: readonly string[] = DOCUMENT_IMAGE_TYPES;

/** Correction requests: citizens ask (with an optional photo), staff of the jurisdiction decide. */
export const corrections = {
  uploadDocument: endpoint({
    method: 'POST',
    path: '/api/me/files',
    policy: 'citizen',
    tags,
    summary: 'Upload a photo of an identity document (JPEG, PNG or WebP, at most 5 MB) as the request body',
    upload: uploadTypes,
    responses: { 201: fileStoredSchema },
    errors: ['payload_too_large', 'unsupported_media_type'],
  }),
  request: endpoint({
    method: 'POST',
    path: '/api/me/household/members/:personId/corrections',
    policy: 'citizen',
    tags,
    summary: 'Ask to correct a name, birth date, sex or identifier of a household member',
    params: memberParams,
    body: correctionCreateSchema,
    responses: { 201: correctionSchema },
    errors: ['not_found', 'correction_open'],
  }),
  mine: endpoint({
    method: 'GET',
    path: '/api/me/corrections',
    policy: 'citizen',
    tags,
    summary: 'My correction requests',
    responses: { 200: correctionListSchema },
    errors: [],
  }),
  reply: endpoint({
    method: 'POST',
    path: '/api/me/corrections/:id/reply',
    policy: 'citizen',
    tags,
    summary: 'Answer a request for more information',
    params: correctionIdParams,
    body: correctionReplySchema,
    responses: { 200: correctionSchema },
    errors: ['not_found', 'correction_closed'],
  }),
  queue: endpoint({
    method: 'GET',
    path: '/api/staff/corrections',
    policy: 'staff:corrections.review',
    tags,
    summary: 'The correction queue of your jurisdiction',
    query: correctionQuery,
    responses: { 200: correctionListSchema },
    errors: [],
  }),
  decide: endpoint({
    method: 'POST',
    path: '/api/staff/corrections/:id/decision',
    policy: 'staff:corrections.review',
    tags,
    summary: 'Approve (applies the change), ask for more information, or reject (with a reason)',
    params: correctionIdParams,
    body: correctionDecisionSchema,
    responses: { 200: correctionSchema },
    errors: ['not_found', 'correction_closed', 'duplicate_cccd'],
  }),
  document: endpoint({
    method: 'GET',
    path: '/api/staff/corrections/:id/document',
    policy: 'staff:corrections.review',
    tags,
    summary:
      'The document photo of a request (the read is audited); 410 once deleted after the retention period',
    params: correctionIdParams,
    responses: { 200: file(...DOCUMENT_IMAGE_TYPES) },
    errors: ['not_found', 'file_purged'],
  }),
};
