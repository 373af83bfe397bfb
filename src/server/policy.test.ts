import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../test/helpers/api.ts';
import { citizenSession, smsFile } from '../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../test/helpers/world.ts';

type Who = keyof World['staff'];
type Whose = keyof World['people'];

/** Who may read whose record: the person's commune, the province above it, or a facility there. */
const CAN_READ: Record<Who, Whose[]> = {
  admin: ['baDinh', 'ngocHa', 'hcm'],
  pmHanoi: ['baDinh', 'ngocHa'],
  pmHcm: ['hcm'],
  cmBaDinh: ['baDinh'],
  cmNgocHa: ['ngocHa'],
  siteBaDinh: ['baDinh'],
  clinicBaDinh: ['baDinh'],
  siteHcm: ['hcm'],
};

describe.each(TEST_ENGINES)('authorization by role and jurisdiction (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender });
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'pol');
  });

  it.each(Object.keys(CAN_READ) as Who[])(
    '%s reads exactly the persons of its jurisdiction; others are 404, never 403',
    async (who) => {
      for (const whose of Object.keys(world.people) as Whose[]) {
        const id = world.people[whose];
        const api = testApi(ctx.app, world.staff[who]).people;
        const read = await api.person.raw({ params: { id } });
        expect(read.status, `${who} → ${whose}`).toBe(CAN_READ[who].includes(whose) ? 200 : 404);
        const write = await api.update.raw({ params: { id }, body: { addressLine: `by ${who}` } });
        expect(write.status, `${who} writes ${whose}`).toBe(CAN_READ[who].includes(whose) ? 200 : 404);
      }
      const guessed = await testApi(ctx.app, world.staff[who]).people.person.raw({
        params: { id: randomUUID() },
      });
      expect(guessed.status).toBe(404);
      expect(guessed.problem?.code).toBe('not_found');
    },
  );

  it.each(Object.keys(CAN_READ) as Who[])('%s searches only inside its jurisdiction', async (who) => {
    const seen = new Set<string>();
    for (const name of ['nguyen van a', 'tran thi binh', 'le van cuong']) {
      const res = await testApi(ctx.app, world.staff[who]).people.search.raw({ query: { q: name } });
      expect(res.status).toBe(200);
      for (const p of res.body?.items ?? []) seen.add(p.id);
    }
    const expected = CAN_READ[who].map((w) => world.people[w]);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('route permissions: merges for managers and admins, user management and audit for admins only', async () => {
    const expectations: [Who, string, string, number][] = [];
    for (const who of Object.keys(CAN_READ) as Who[]) {
      const manager = ['admin', 'pmHanoi', 'pmHcm', 'cmBaDinh', 'cmNgocHa'].includes(who);
      expectations.push([who, 'GET', '/api/staff/merges', manager ? 200 : 403]);
      expectations.push([who, 'GET', '/api/admin/users', who === 'admin' ? 200 : 403]);
      expectations.push([who, 'GET', '/api/admin/audit', who === 'admin' ? 200 : 403]);
      expectations.push([who, 'GET', '/api/staff/corrections', 200]);
      expectations.push([who, 'GET', '/api/me/household', 403]);
    }
    for (const [who, method, url, status] of expectations) {
      const res = await ctx.app.inject({ method: method as 'GET', url, headers: world.staff[who].headers });
      expect(res.statusCode, `${who} ${method} ${url}`).toBe(status);
    }
  });

  it('anonymous callers get 401 on every non-public route; citizens get 403 on staff routes', async () => {
    const citizen = await citizenSession(ctx.app, sms, '0912111222');
    for (const route of ctx.app.routeTable.filter((r) => r.policy !== 'public')) {
      const url = route.url.replace(/:(\w+)/g, randomUUID());
      const anonymous = await ctx.app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' ? undefined : {},
      });
      expect(anonymous.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.policy.startsWith('staff')) {
        const asCitizen = await ctx.app.inject({
          method: route.method as 'GET',
          url,
          headers: citizen.headers,
          payload: route.method === 'GET' ? undefined : {},
        });
        expect(asCitizen.statusCode, `citizen ${route.method} ${route.url}`).toBe(403);
      }
    }
  });

  it('a disabled staff member is signed out at once', async () => {
    const res = await testApi(ctx.app, world.staff.admin).admin.disableUser.raw({
      params: { id: world.staff.siteHcm.id },
    });
    expect(res.status).toBe(204);
    expect((await testApi(ctx.app, world.staff.siteHcm).corrections.queue.raw()).status).toBe(401);
  });

  it('records every staff read and write in the append-only audit trail', async () => {
    const events = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_role'])
      .where('person_id', '=', world.people.hcm)
      .execute();
    expect(
      events
        .filter((e) => e.action === 'person.read')
        .map((e) => e.actor_role)
        .sort(),
    ).toEqual(['admin', 'province_manager', 'site_staff']);
    await expect(
      ctx.database.db.updateTable('audit_event').set({ action: 'tampered' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.database.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
  });
});
