import type { FastifyInstance } from 'fastify';
import { doses as api } from '../../../shared/contracts/doses.ts';
import { pickLang } from '../../../shared/messages.ts';
import { mount } from '../../http/mount.ts';
import { citizenOf, staffOf } from '../../plugins/auth.ts';
import { toProblem } from '../../plugins/errors.ts';
import { recordDoses } from './dose-batch.service.ts';
import * as service from './doses.service.ts';

/** Dose records and vaccination status. */
export async function dosesRoutes(app: FastifyInstance) {
  // The busiest route of a vaccination day answers with objects its own code builds to the schema's
  // types; re-validating them with zod on the way out cost ~10% of its throughput.
  mount(
    app,
    api.recordDose,
    async ({ body }, request, reply) => {
      const result = await service.recordDose(app.db, staffOf(request), body, app.clock());
      reply.code(result.replayed ? 200 : 201);
      return result;
    },
    { trustedAnswers: true },
  );
  mount(app, api.voidDose, ({ params, body }, request) =>
    service.voidDose(app.db, staffOf(request), params.id, body.reason, app.clock()),
  );
  mount(app, api.personVaccination, ({ params }, request) =>
    service.personVaccination(app.db, staffOf(request), params.id, app.clock()),
  );
  mount(app, api.memberVaccination, ({ params }, request) =>
    service.memberVaccination(app.db, citizenOf(request), params.personId, app.clock()),
  );
  mount(app, api.recordedByKey, ({ query }, request) =>
    service.dosesRecordedByKey(app.db, staffOf(request), query),
  );
  mount(app, api.recordDoses, async ({ body }, request) => {
    // A site's own software sends an API key; the site screen sends its queue of doses entered
    // offline with the staff member's session cookie: those are doses entered at the site.
    const source = request.headers.authorization ? 'api' : 'site';
    const lang = pickLang(request.headers['accept-language']);
    const outcomes = await recordDoses(app.db, staffOf(request), body.doses, app.clock(), source);
    return {
      results: outcomes.map(({ error, ...result }) =>
        error ? { ...result, problem: toProblem(error, request, lang) } : result,
      ),
    };
  });
}
