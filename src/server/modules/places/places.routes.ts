import type { FastifyInstance } from 'fastify';
import { units as api } from '../../../shared/contracts/units.ts';
import { mount } from '../../http/mount.ts';
import * as service from './places.service.ts';

/** Public reference routes for administrative units (no personal data). */
export async function placesRoutes(app: FastifyInstance) {
  mount(app, api.search, ({ query }) => service.searchUnits(app.db, query));
  mount(app, api.unit, ({ params }) => service.getUnit(app.db, params.id));
}
