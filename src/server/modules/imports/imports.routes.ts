import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  importCreateQuery,
  importErrorPageSchema,
  importIdParams,
  importJobListSchema,
  importJobSchema,
  importListQuery,
  importMappingBody,
  pageQuery,
  reviewIdParams,
  reviewItemSchema,
  reviewPageSchema,
  reviewQuery,
  reviewResolveBody,
  savedMappingListSchema,
  savedMappingsQuery,
  templateQuery,
} from '../../../shared/schemas/imports.ts';
import { problemResponses, problemSchema } from '../../../shared/schemas/problem.ts';
import { AppError } from '../../app-error.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as audit from '../audit/audit.service.ts';
import { startImportRunner } from './import-server-runner.ts';
import * as service from './imports.service.ts';
import { templateXlsx, writeErrorReport } from './report.ts';
import * as review from './review.service.ts';

const errors = problemResponses;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Body types an upload may have: the file's bytes as they are. */
const UPLOAD_TYPES = [
  'text/csv',
  'text/plain',
  'application/octet-stream',
  XLSX_TYPE,
  'application/vnd.ms-excel',
];
const policy = 'staff:imports.run' as const;

/** The import API: template, upload (a job), progress, mapping, errors and report, review queue. */
const importsRoutes: FastifyPluginAsyncZod<{ wake: () => void }> = async (app, options) => {
  // The upload is read as a stream and stored in pieces: never held whole in memory.
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));

  app.get(
    '/api/staff/imports/template.xlsx',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'The import template: headers, one sample row and a notes sheet (XLSX)',
        querystring: templateQuery,
        produces: [XLSX_TYPE],
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const lang = request.query.lang;
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${lang === 'vi' ? 'mau-nhap-mui-tiem' : 'dose-import-template'}.xlsx"`,
        )
        .send(await templateXlsx(lang));
    },
  );

  app.post(
    '/api/staff/imports',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Upload a CSV or XLSX file of legacy dose records as the request body: starts an import job',
        description:
          'Body: the file itself (`text/csv`, the XLSX type or `application/octet-stream`, at most 512 MB). ' +
          'Send an `idempotency-key` header (a client UUID): a resend returns the same job. Answers 202 with ' +
          'the job; poll `GET /api/staff/imports/{id}` for its progress. Refused with 422 while it arrives ' +
          'when a CSV line is longer than 256 KB or an XLSX says it unpacks to more than 200 MB.',
        querystring: importCreateQuery,
        headers: z.object({ 'idempotency-key': z.string().min(8).max(100).optional() }),
        consumes: UPLOAD_TYPES,
        response: {
          200: importJobSchema,
          202: importJobSchema,
          ...errors,
          413: problemSchema,
          415: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const raw = request.body ?? emptyBody();
      // A JSON (or form) body was parsed by another parser: the upload is the file's bytes only.
      if (typeof (raw as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')
        throw new AppError('unsupported_media_type', 415, 'problem.unsupported_media_type');
      const body = raw as AsyncIterable<Uint8Array>;
      const { job, created } = await service.createUploadJob(
        app.db,
        actor,
        {
          facility: request.query.facility,
          dryRun: request.query.dryRun,
          mapping: request.query.mapping,
          filename: request.query.filename,
          contentType: request.headers['content-type'],
          idempotencyKey: request.headers['idempotency-key'],
        },
        body,
        app.clock(),
      );
      if (created) options.wake();
      return reply.code(created ? 202 : 200).send(job);
    },
  );

  app.get(
    '/api/staff/imports',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Import jobs of the facilities within your reach, newest first',
        querystring: importListQuery,
        response: { 200: importJobListSchema, ...errors },
      },
    },
    (request) => service.listJobs(app.db, staffOf(request), request.query),
  );

  app.get(
    '/api/staff/imports/mappings',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Column mappings saved for a facility',
        querystring: savedMappingsQuery,
        response: { 200: savedMappingListSchema, ...errors },
      },
    },
    (request) => service.savedMappings(app.db, staffOf(request), request.query.facility),
  );

  app.get(
    '/api/staff/imports/review',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary:
          'Rows waiting for a person to decide: ambiguous identity, a likely duplicate, a conflicting dose or a dose with no earlier dose on record (audited)',
        querystring: reviewQuery,
        response: { 200: reviewPageSchema, ...errors },
      },
    },
    async (request) => {
      const actor = staffOf(request);
      const page = await review.listReview(app.db, actor, request.query);
      await audit.record(app.db, audit.auditActorOf(actor), 'import.review_read', {
        recordType: 'import_job',
        recordId: request.query.jobId,
        details: { items: page.items.length, page: request.query.page },
      });
      return page;
    },
  );

  app.post(
    '/api/staff/imports/review/:id',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Resolve a review item: match a person, create a new one, or reject the row',
        params: reviewIdParams,
        body: reviewResolveBody,
        response: { 200: reviewItemSchema, ...errors },
      },
    },
    (request) => review.resolveReview(app.db, staffOf(request), request.params.id, request.body, app.clock()),
  );

  app.get(
    '/api/staff/imports/:id',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'One import job: state, counts, mapping',
        params: importIdParams,
        response: { 200: importJobSchema, ...errors },
      },
    },
    async (request) =>
      service.toJob(await service.jobInScope(app.db, staffOf(request).scope, request.params.id)),
  );

  app.post(
    '/api/staff/imports/:id/cancel',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Cancel a job that has not ended; batches already written stay (audited)',
        params: importIdParams,
        response: { 200: importJobSchema, ...errors },
      },
    },
    (request) => service.cancelJob(app.db, staffOf(request), request.params.id, app.clock()),
  );

  app.put(
    '/api/staff/imports/:id/mapping',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: 'Map the columns of a job waiting for it (optionally saved by name) and resume it',
        params: importIdParams,
        body: importMappingBody,
        response: { 200: importJobSchema, ...errors },
      },
    },
    async (request) => {
      const job = await service.putMapping(
        app.db,
        staffOf(request),
        request.params.id,
        request.body,
        app.clock(),
      );
      options.wake();
      return job;
    },
  );

  app.get(
    '/api/staff/imports/:id/errors',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary: "The failed rows' problems, per row and column, in Vietnamese and English",
        params: importIdParams,
        querystring: pageQuery,
        response: { 200: importErrorPageSchema, ...errors },
      },
    },
    (request) => service.listErrors(app.db, staffOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/staff/imports/:id/report.xlsx',
    {
      config: { policy },
      schema: {
        tags: ['imports'],
        summary:
          'Error report: the failed rows as read, with an error column, and a sheet of all issues (audited); ' +
          '410 once the uploaded file was deleted after the retention period',
        params: importIdParams,
        produces: [XLSX_TYPE],
        response: { 200: z.any(), ...errors, 410: problemSchema },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request);
      const job = await service.jobInScope(app.db, actor.scope, request.params.id);
      // The failed rows' issues stay (GET …/errors); the rows as read came from the deleted file.
      if (job.file_purged_at) throw new AppError('file_purged', 410, 'import.file_purged');
      await audit.record(app.db, audit.auditActorOf(actor), 'import.report', {
        recordType: 'import_job',
        recordId: job.id,
      });
      const out = new PassThrough();
      writeErrorReport(app.db, job, out).catch((error) => {
        request.log.error({ err: error, job: job.id }, 'import error report failed');
        out.destroy(error);
      });
      const base = job.filename.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'import';
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${base}-errors.xlsx"`)
        .send(out);
    },
  );
};

async function* emptyBody(): AsyncIterable<Uint8Array> {}

export interface ImportOptions {
  /** Run queued uploads in this process (`sskdt serve`); tests run them with `runNextJob`. */
  run?: boolean;
  /** Milliseconds between looks for work when idle. */
  intervalMs?: number;
}

/** The import routes, and when asked the job runner: started when the app is ready, stopped before it closes. */
export async function registerImports(app: FastifyInstance, options: ImportOptions = {}) {
  let runner: ReturnType<typeof startImportRunner> | undefined;
  await app.register(importsRoutes, { wake: () => runner?.wake() });
  if (!options.run) return;
  app.addHook('onReady', async () => {
    runner = startImportRunner(app.db, {
      asyncCommit: app.database.engine === 'postgres',
      intervalMs: options.intervalMs ?? 5_000,
      clock: app.clock,
      log: app.log,
    });
  });
  app.addHook('onClose', async () => {
    await runner?.stop();
  });
}
