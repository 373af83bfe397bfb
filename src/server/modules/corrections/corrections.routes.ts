import type { FastifyInstance } from 'fastify';
import { corrections as api } from '../../../shared/contracts/corrections.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import * as files from '../files/files.service.ts';
import * as service from './corrections.service.ts';

/** Correction requests: citizens ask (with an optional photo), staff of the jurisdiction decide. */
export async function correctionsRoutes(app: FastifyInstance) {
  // Photos arrive as the raw body; anything but JPEG, PNG or WebP is refused by the parser or the sniffing.
  for (const type of files.IMAGE_TYPES) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: files.MAX_IMAGE_BYTES + 1 },
      (_request, body, done) => done(null, body),
    );
  }

  mount(
    app,
    api.uploadDocument,
    (_parts, request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const claimedType = request.headers['content-type'] ?? '';
      return files.storeImage(app.db, body, claimedType, citizenOf(request).accountId);
    },
    { rateLimit: { max: 30, timeWindow: 10 * 60_000 }, bodyLimit: files.MAX_IMAGE_BYTES + 1 },
  );
  mount(app, api.request, ({ params, body }, request) =>
    service.requestCorrection(app.db, citizenOf(request), params.personId, body),
  );
  mount(app, api.mine, (_parts, request) => service.listOwn(app.db, citizenOf(request)));
  mount(app, api.reply, ({ params, body }, request) =>
    service.replyToCorrection(app.db, citizenOf(request), params.id, body, app.clock()),
  );
  mount(app, api.queue, ({ query }, request) =>
    service.listQueue(app.db, staffOf(request), query.status, query.limit),
  );
  mount(app, api.decide, ({ params, body }, request) =>
    service.decide(app.db, { now: app.clock() }, staffOf(request), params.id, body),
  );
  mount(app, api.document, async ({ params }, request, reply) => {
    const file = await service.readDocument(app.db, staffOf(request), params.id);
    reply.header('content-type', file.contentType).header('cache-control', 'private, no-store');
    return reply.send(Buffer.from(file.data));
  });
}
