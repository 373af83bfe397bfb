import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { imports as api } from '../../../shared/contracts/imports.ts';
import { AppError } from '../../app-error.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './imports.service.ts';
import { templateXlsx, writeErrorReport } from './report.ts';
import * as review from './review/review.service.ts';
import { startImportRunner } from './runner/runner-task.ts';
import * as upload from './upload/upload.service.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The import API: template, upload (a job), progress, mapping, errors and report, review queue. */
async function importsRoutes(app: FastifyInstance, options: { wake: () => void }) {
  // The upload is read as a stream and stored in pieces: never held whole in memory.
  app.addContentTypeParser([...api.upload.upload], (_request, payload, done) => done(null, payload));

  mount(app, api.template, ({ query }, _request, reply) =>
    templateXlsx(query.lang).then((bytes) =>
      reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${query.lang === 'vi' ? 'mau-nhap-mui-tiem' : 'dose-import-template'}.xlsx"`,
        )
        .send(bytes),
    ),
  );

  mount(app, api.upload, async ({ query, headers }, request, reply) => {
    const raw = request.body ?? emptyBody();
    // A JSON (or form) body was parsed by another parser: the upload is the file's bytes only.
    if (typeof (raw as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function')
      throw new AppError('unsupported_media_type', 415, 'problem.unsupported_media_type');
    const { job, created } = await upload.createUploadJob(
      app.db,
      staffOf(request),
      {
        facility: query.facility,
        dryRun: query.dryRun,
        mapping: query.mapping,
        filename: query.filename,
        contentType: request.headers['content-type'],
        idempotencyKey: headers['idempotency-key'],
      },
      raw as AsyncIterable<Uint8Array>,
      app.clock(),
    );
    if (created) options.wake();
    reply.code(created ? 202 : 200);
    return job;
  });

  mount(app, api.jobs, ({ query }, request) => service.listJobs(app.db, staffOf(request), query));

  mount(app, api.mappings, ({ query }, request) =>
    service.savedMappings(app.db, staffOf(request), query.facility),
  );

  mount(app, api.review, ({ query }, request) => review.listReview(app.db, staffOf(request), query));

  mount(app, api.resolveReview, ({ params, body }, request) =>
    review.resolveReview(app.db, staffOf(request), params.id, body, app.clock()),
  );

  mount(app, api.job, ({ params }, request) => service.jobOf(app.db, staffOf(request), params.id));

  mount(app, api.cancel, ({ params }, request) =>
    service.cancelJob(app.db, staffOf(request), params.id, app.clock()),
  );

  mount(app, api.setMapping, async ({ params, body }, request) => {
    const job = await service.putMapping(app.db, staffOf(request), params.id, body, app.clock());
    options.wake();
    return job;
  });

  mount(app, api.rowErrors, ({ params, query }, request) =>
    service.listErrors(app.db, staffOf(request), params.id, query),
  );

  mount(app, api.report, async ({ params }, request, reply) => {
    const job = await service.reportJob(app.db, staffOf(request), params.id);
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
  });
}

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
