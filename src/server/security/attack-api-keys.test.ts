import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../test/helpers/api.ts';
import { personFields } from '../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';

/**
 * The attack: a facility's API key leaks (it sits in a clinic's HIS configuration). Before, the key
 * was a full site_staff: it could search people, read and change them, identify walk-ins, void doses,
 * manage stock and run imports, and it never expired. Now it is the `facility_api` principal: record
 * doses and tallies for its facility, read back what it recorded, nothing else, and it expires.
 */
describe.each(TEST_ENGINES)('attack: a leaked facility API key (%s)', (engine) => {
  let now = new Date('2021-09-01T03:00:00Z');
  const ctx = useTestApp(engine, { clock: () => now });
  let world: World;
  let key: string;
  let keyId: string;
  let lot: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'apik');
    const post = (url: string, payload: object) =>
      ctx.app.inject({ method: 'POST', url, headers: world.staff.admin.headers, payload });
    lot = (
      await post('/api/staff/lots', { vaccineCode: 'AZ', lotNumber: 'KEY1', expiresOn: '2022-06-30' })
    ).json().id;
    await post('/api/staff/stock/movements', {
      lotId: lot,
      kind: 'receipt',
      to: `facility:${world.facilities.siteBaDinh}`,
      quantity: 20,
    });
    const created = await testApi(ctx.app, world.staff.admin).admin.createApiKey.raw({
      body: { facility: world.facilities.siteBaDinh, name: 'HIS Ba Đình', expiresInDays: 30 },
    });
    expect(created.status, JSON.stringify(created.problem)).toBe(201);
    key = created.body?.key ?? '';
    keyId = created.body?.id ?? '';
    expect(created.body?.expiresAt).toBe('2021-10-01T03:00:00.000Z');
  });
  const asKey = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, payload });
  const asSiteStaff = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    ctx.app.inject({ method, url, headers: world.staff.siteBaDinh.headers, payload });

  it('cannot search people, read or change a person, identify a walk-in, void a dose, import, or touch stock — all of which its facility staff may do', async () => {
    const dose = await asKey('POST', '/api/staff/doses/batch', {
      doses: [{ id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot }],
    });
    expect(dose.json().results[0].status, dose.body).toBe('recorded');
    const doseId = dose.json().results[0].id;
    const attempts: [string, 'GET' | 'POST' | 'PATCH', string, object?][] = [
      ['search people', 'GET', '/api/staff/people?q=Nguyen'],
      ['read a person', 'GET', `/api/staff/people/${world.people.baDinh}`],
      ['read a vaccination record', 'GET', `/api/staff/people/${world.people.baDinh}/vaccination`],
      ['change a person', 'PATCH', `/api/staff/people/${world.people.baDinh}`, { phone: '0912345678' }],
      [
        'identify a walk-in',
        'POST',
        '/api/staff/people/identify',
        { cccd: '001090000001', birthDate: '1990-01-01' },
      ],
      ['void a dose', 'POST', `/api/staff/doses/${doseId}/void`, { reason: 'mistake' }],
      ['list imports', 'GET', '/api/staff/imports'],
      ['read the import review queue', 'GET', '/api/staff/imports/review'],
      ['read stock', 'GET', '/api/staff/stock'],
      [
        'move stock',
        'POST',
        '/api/staff/stock/movements',
        { lotId: lot, kind: 'wastage', from: `facility:${world.facilities.siteBaDinh}`, quantity: 1 },
      ],
      ['read the day list', 'GET', '/api/staff/day-list'],
      ['read corrections', 'GET', '/api/staff/corrections'],
      ['read the certificate of a person', 'GET', `/api/staff/people/${world.people.baDinh}/certificate`],
    ];
    for (const [what, method, url, payload] of attempts) {
      const res = await asKey(method, url, payload);
      expect(res.statusCode, `key: ${what}: ${res.body}`).toBe(403);
      // The same request from the facility's own staff is not refused for lack of permission, so
      // the 403 above is the key's principal at work and not a broken route.
      const staff = await asSiteStaff(method, url, payload);
      expect(staff.statusCode, `staff: ${what}: ${staff.body}`).not.toBe(403);
    }
  });

  it('reads back only the doses it recorded, page by page', async () => {
    const person = async (fullName: string, birthDate: string) => {
      const res = await testApi(ctx.app, world.staff.admin).people.create.raw({
        body: personFields({ fullName, unitId: '2025-00004', birthDate }),
      });
      expect(res.status, JSON.stringify(res)).toBe(201);
      return res.body!.id;
    };
    const byStaff = await person('Hoàng Thị Em', '1982-02-02');
    const other = await asSiteStaff('POST', '/api/staff/doses', {
      id: randomUUID(),
      personId: byStaff,
      vaccineCode: 'AZ',
      lotId: lot,
    });
    expect(other.statusCode, other.body).toBe(201);
    const byKey = await person('Phạm Văn Dũng', '1980-05-05');
    const second = await asKey('POST', '/api/staff/doses/batch', {
      doses: [{ id: randomUUID(), personId: byKey, vaccineCode: 'AZ', lotId: lot }],
    });
    expect(second.json().results[0].status, second.body).toBe('recorded');
    const first = await asKey('GET', '/api/staff/doses/recorded-by-key?limit=1');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toHaveLength(1);
    expect(first.json().items[0]).toMatchObject({ source: 'api' });
    const all: { personId: string; status: string }[] = [...first.json().items];
    let cursor = first.json().nextCursor;
    while (cursor) {
      const page = await asKey('GET', `/api/staff/doses/recorded-by-key?limit=1&cursor=${cursor}`);
      all.push(...page.json().items);
      cursor = page.json().nextCursor;
    }
    expect(all.map((d) => d.personId).sort()).toEqual([world.people.baDinh, byKey].sort());
    // The first dose was voided at the site (by its staff, in the test above): the key learns of it.
    expect(all.find((d) => d.personId === world.people.baDinh)).toMatchObject({ status: 'entered_in_error' });
    // Staff have no use for it: the permission belongs to keys only.
    expect((await asSiteStaff('GET', '/api/staff/doses/recorded-by-key')).statusCode).toBe(403);
    const bad = await asKey('GET', '/api/staff/doses/recorded-by-key?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);
  });

  it('shows its last use and expiry to admins, stops working when it expires, and cannot be given a life beyond the maximum', async () => {
    const admin = testApi(ctx.app, world.staff.admin);
    const list = await admin.admin.apiKeys();
    const item = list.items.find((k) => k.id === keyId);
    expect(item).toMatchObject({ state: 'active', expiresAt: '2021-10-01T03:00:00.000Z' });
    expect(item?.lastUsedAt).not.toBeNull();
    const tooLong = await admin.admin.createApiKey.raw({
      body: { facility: world.facilities.siteBaDinh, name: 'forever', expiresInDays: 100_000 },
    });
    expect(tooLong.status).toBe(400);
    now = new Date('2021-10-01T03:00:01Z');
    expect((await asKey('GET', '/api/staff/doses/recorded-by-key')).statusCode).toBe(401);
    now = new Date('2021-09-01T03:00:00Z');
    expect((await asKey('GET', '/api/staff/doses/recorded-by-key')).statusCode).toBe(200);
    const expire = await admin.admin.expireApiKey.raw({ params: { id: keyId }, body: {} });
    expect(expire.status, JSON.stringify(expire.problem)).toBe(204);
    expect((await asKey('GET', '/api/staff/doses/recorded-by-key')).statusCode).toBe(401);
    const after = await admin.admin.apiKeys();
    expect(after.items.find((k) => k.id === keyId)?.state).toBe('expired');
    const audited = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', keyId)
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['api_key.create', 'api_key.expire']);
  });
});
