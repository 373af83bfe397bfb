import type { FastifyInstance } from 'fastify';
import { facilities as api } from '../../../shared/contracts/facilities.ts';
import { mount } from '../../http/mount.ts';
import { staffOf } from '../../plugins/auth.ts';
import * as service from './facilities.service.ts';

/** Facilities within a staff member's reach (no personal data: not audited). */
export async function facilitiesRoutes(app: FastifyInstance) {
  mount(app, api.search, ({ query }, request) => service.searchFacilities(app.db, staffOf(request), query));
}
