import type { FastifyInstance } from 'fastify';
import { visits as api } from '../../../shared/contracts/visits.ts';
import { pickLang } from '../../../shared/messages.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import { toProblem } from '../../plugins/errors.ts';
import * as batch from './visit-batch.service.ts';
import * as service from './visits.service.ts';

/** The vaccination day at a site: day list, check-in, screening, observation after the dose. */
export async function visitsRoutes(app: FastifyInstance) {
  mount(app, api.dayList, ({ query }, request) =>
    service.dayList(app.db, staffOf(request), query, app.clock()),
  );
  mount(app, api.checkIn, ({ params, body }, request) =>
    service.checkIn(app.db, staffOf(request), params.id, body.facilityId, app.clock()),
  );
  mount(app, api.screen, ({ params, body }, request) =>
    service.screen(app.db, staffOf(request), params.id, body, app.clock()),
  );
  mount(app, api.batch, async ({ body }, request) => {
    const lang = pickLang(request.headers['accept-language']);
    const outcomes = await batch.visitBatch(app.db, staffOf(request), body.items, app.clock());
    return {
      results: outcomes.map(({ error, ...result }) =>
        error ? { ...result, problem: toProblem(error, request, lang) } : result,
      ),
    };
  });
  mount(app, api.observation, ({ query }, request) =>
    service.observation(app.db, staffOf(request), query.facilityId, app.clock()),
  );
  mount(app, api.discharge, ({ params }, request) =>
    service.discharge(app.db, staffOf(request), params.id, app.clock()),
  );
}
