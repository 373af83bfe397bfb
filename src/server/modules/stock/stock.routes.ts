import type { FastifyInstance } from 'fastify';
import { stock as api } from '../../../shared/contracts/stock.ts';
import { vietnamDate } from '../../../shared/format.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './stock.service.ts';

/** Vaccine lots and stock movements; levels are computed from movements. */
export async function stockRoutes(app: FastifyInstance) {
  mount(app, api.lots, async ({ query }) => ({ items: await service.listLots(app.db, query.vaccine) }));
  mount(app, api.createLot, ({ body }, request) => service.createLot(app.db, staffOf(request), body));
  mount(app, api.recordMovement, ({ body }, request) =>
    service.recordMovement(app.db, staffOf(request), body),
  );
  mount(app, api.levels, ({ query }, request) =>
    service.stockLevels(app.db, staffOf(request), vietnamDate(app.clock()), query),
  );
}
