import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { doses as dosesApi } from '../../../shared/contracts/doses.ts';

describe.each(TEST_ENGINES)('site software feeding doses with an API key (%s)', (engine) => {
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-01T03:00:00Z') });
  let world: World;
  let key: string;
  let keyId: string;
  let lot: string;
  let expired: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'api');
    const post = (url: string, payload: object) =>
      ctx.app.inject({ method: 'POST', url, headers: world.staff.admin.headers, payload });
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'AZ', lotNumber: 'ABV1', expiresOn: '2022-06-30' },
      })
    ).id;
    expired = (
      await admin.stock.createLot({
        body: { vaccineCode: 'AZ', lotNumber: 'ABV0', expiresOn: '2021-01-31' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 50 },
    });
    const created = await post('/api/admin/api-keys', {
      facility: world.facilities.siteBaDinh,
      name: 'Phần mềm HIS Ba Đình',
    });
    expect(created.statusCode, created.body).toBe(201);
    key = created.json().key;
    keyId = created.json().id;
    expect(key).toMatch(/^sskdt_/);
  });
  const batch = (doses: Input<typeof dosesApi.recordDoses>['body']['doses'], auth = `Bearer ${key}`) =>
    testApi(ctx.app, { headers: { authorization: auth } }).doses.recordDoses.raw({ body: { doses } });

  it('records a batch with one result per dose; a refusal does not stop the others; a resend records nothing twice', async () => {
    const doses = [
      { id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot },
      { id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: expired, doseNumber: 2 },
      { id: randomUUID(), personId: world.people.hcm, vaccineCode: 'AZ', lotId: lot },
    ];
    const first = await batch(doses);
    expect(first.status, JSON.stringify(first)).toBe(200);
    const results = first.body?.results ?? [];
    expect(results.map((r) => r.status)).toEqual(['recorded', 'refused', 'refused']);
    expect(results[1]?.problem?.errors?.[0]).toMatchObject({ field: 'lotId', code: 'dose.lot_expired' });
    expect(results[2]?.problem?.code).toBe('not_found');
    const again = await batch(doses);
    expect(again.body?.results.map((r) => r.status)).toEqual(['already_recorded', 'refused', 'refused']);
    const stored = await ctx.database.db.selectFrom('dose').select(['source', 'recorded_by']).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].source).toBe('api');
    const keys = (
      await ctx.app.inject({ url: '/api/admin/api-keys', headers: world.staff.admin.headers })
    ).json();
    expect(keys.items[0]).toMatchObject({ name: 'Phần mềm HIS Ba Đình', revoked: false });
    expect(JSON.stringify(keys)).not.toContain(key);
  });

  it('refuses wrong keys, keys for other routes, and revoked keys', async () => {
    expect(
      (
        await batch(
          [{ id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot }],
          'Bearer sskdt_wrong',
        )
      ).status,
    ).toBe(401);
    expect(
      (await ctx.app.inject({ url: '/api/admin/users', headers: { authorization: `Bearer ${key}` } }))
        .statusCode,
    ).toBe(403);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/api-keys/${keyId}/revoke`,
      headers: world.staff.admin.headers,
    });
    expect(
      (await batch([{ id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot }]))
        .status,
    ).toBe(401);
  });
});
