import type { FastifyInstance } from 'fastify';
import { vaccines as api } from '../../../shared/contracts/vaccines.ts';
import { mount } from '../../http/mount.ts';
import * as service from './vaccines.service.ts';

/** Public reference routes: vaccine catalogue, EU DCC value sets, priority groups. */
export async function vaccinesRoutes(app: FastifyInstance) {
  mount(app, api.list, async () => ({ items: await service.listVaccines(app.db) }));
  mount(app, api.valueSets, async () => ({ items: await service.listValueSets(app.db) }));
  mount(app, api.valueSet, ({ params }) => service.getValueSet(app.db, params.id));
  mount(app, api.priorityGroupSets, async () => ({ items: await service.listPriorityGroupSets(app.db) }));
}
