import type { FastifyInstance } from 'fastify';
import { dataQuality as api } from '../../../shared/contracts/data-quality.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './data-quality.service.ts';

/** The data-quality report: records to fix, per facility and commune, with where to fix them. */
export async function dataQualityRoutes(app: FastifyInstance) {
  mount(app, api.report, ({ query }, request) =>
    service.report(app.db, staffOf(request), query, vietnamDate(app.clock())),
  );
  mount(app, api.items, ({ query }, request) =>
    service.items(app.db, staffOf(request), query.category, query, vietnamDate(app.clock())),
  );
}
