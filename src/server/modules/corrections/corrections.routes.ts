import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  correctionCreateSchema,
  correctionDecisionSchema,
  correctionIdParams,
  correctionListSchema,
  correctionQuery,
  correctionReplySchema,
  correctionSchema,
  fileStoredSchema,
} from '../../../shared/schemas/corrections.ts';
import { memberParams } from '../../../shared/schemas/households.ts';
import { problemResponses, problemSchema } from '../../../shared/schemas/problem.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as files from '../files/files.service.ts';
import * as service from './corrections.service.ts';

const errors = problemResponses;

/** Correction requests: citizens ask (with an optional photo), staff of the jurisdiction decide. */
export const correctionsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Photos arrive as the raw body; anything but JPEG, PNG or WebP is refused by the parser or the sniffing.
  for (const type of files.IMAGE_TYPES) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: files.MAX_IMAGE_BYTES + 1 },
      (_request, body, done) => done(null, body),
    );
  }

  app.post(
    '/api/me/files',
    {
      config: { policy: 'citizen', rateLimit: { max: 30, timeWindow: 10 * 60_000 } },
      bodyLimit: files.MAX_IMAGE_BYTES + 1,
      schema: {
        tags: ['corrections'],
        summary:
          'Upload a photo of an identity document (JPEG, PNG or WebP, at most 5 MB) as the request body',
        consumes: [...files.IMAGE_TYPES],
        response: { 201: fileStoredSchema, ...errors, 413: problemSchema, 415: problemSchema },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const stored = await files.storeImage(
        app.db,
        body,
        request.headers['content-type'] ?? '',
        citizenOf(request).accountId,
      );
      return reply.code(201).send(stored);
    },
  );

  app.post(
    '/api/me/household/members/:personId/corrections',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['corrections'],
        summary: 'Ask to correct a name, birth date, sex or identifier of a household member',
        params: memberParams,
        body: correctionCreateSchema,
        response: { 201: correctionSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await service.requestCorrection(app.db, citizenOf(request), request.params.personId, request.body),
        ),
  );

  app.get(
    '/api/me/corrections',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['corrections'],
        summary: 'My correction requests',
        response: { 200: correctionListSchema, ...errors },
      },
    },
    (request) => service.listOwn(app.db, citizenOf(request)),
  );

  app.post(
    '/api/me/corrections/:id/reply',
    {
      config: { policy: 'citizen' },
      schema: {
        tags: ['corrections'],
        summary: 'Answer a request for more information',
        params: correctionIdParams,
        body: correctionReplySchema,
        response: { 200: correctionSchema, ...errors },
      },
    },
    (request) =>
      service.replyToCorrection(app.db, citizenOf(request), request.params.id, request.body, app.clock()),
  );

  app.get(
    '/api/staff/corrections',
    {
      config: { policy: 'staff:corrections.review' },
      schema: {
        tags: ['corrections'],
        summary: 'The correction queue of your jurisdiction',
        querystring: correctionQuery,
        response: { 200: correctionListSchema, ...errors },
      },
    },
    (request) => service.listQueue(app.db, staffOf(request), request.query.status, request.query.limit),
  );

  app.post(
    '/api/staff/corrections/:id/decision',
    {
      config: { policy: 'staff:corrections.review' },
      schema: {
        tags: ['corrections'],
        summary: 'Approve (applies the change), ask for more information, or reject (with a reason)',
        params: correctionIdParams,
        body: correctionDecisionSchema,
        response: { 200: correctionSchema, ...errors },
      },
    },
    (request) =>
      service.decide(app.db, { now: app.clock() }, staffOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/staff/corrections/:id/document',
    {
      config: { policy: 'staff:corrections.review' },
      schema: {
        tags: ['corrections'],
        summary:
          'The document photo of a request (the read is audited); 410 once deleted after the retention period',
        params: correctionIdParams,
        produces: [...files.IMAGE_TYPES],
      },
    },
    async (request, reply) => {
      const file = await service.readDocument(app.db, staffOf(request), request.params.id);
      reply.header('content-type', file.contentType).header('cache-control', 'private, no-store');
      return reply.send(Buffer.from(file.data));
    },
  );
};
