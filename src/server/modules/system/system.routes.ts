import type { FastifyInstance } from 'fastify';
import { system as api } from '../../../shared/contracts/system.ts';
import { mount } from '../../http/mount.ts';
import * as service from './system.service.ts';

/** Liveness, readiness and the public overview (`/metrics` is mounted by the metrics plugin). */
export async function systemRoutes(app: FastifyInstance) {
  mount(app, api.health, () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }));
  mount(app, api.readiness, () => service.readiness(app.db, app.database.engine));
  mount(app, api.overview, () => service.overview(app.db, app.database.engine, app.appVersion));
}
