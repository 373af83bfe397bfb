import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { personFields, TEST_PASSWORD } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { doses as dosesApi } from '../../../shared/contracts/doses.ts';

/**
 * The site screen's offline queue is sent with `POST /api/staff/doses/batch` and the staff member's
 * session cookie: resends and interrupted syncs never duplicate, and the same dose entered on two
 * devices ends as one record with the other device told `conflict`.
 */
describe.each(TEST_ENGINES)('offline dose queue sent as a batch (%s)', (engine) => {
  const now = new Date('2021-09-01T03:00:00Z'); // 10:00 in Vietnam
  const ctx = useTestApp(engine, { clock: () => now });
  let world: World;
  let lot: string;
  /** A second device of the same site: its own session of the same staff member. */
  let deviceB: Record<string, string>;
  /** A second person of the site's commune. */
  let neighbour: string;
  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'offl');
    const admin = testApi(ctx.app, world.staff.admin);
    lot = (
      await admin.stock.createLot({
        body: { vaccineCode: 'AZ', lotNumber: 'ABV7', expiresOn: '2022-06-30' },
      })
    ).id;
    await admin.stock.recordMovement({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 50 },
    });
    neighbour = (
      await testApi(ctx.app, world.staff.admin).people.create({
        body: personFields({ fullName: 'Phạm Thị Dung', unitId: '2025-00004', birthDate: '1958-01-09' }),
      })
    ).id;
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'offl.site-bd', password: TEST_PASSWORD },
      remoteAddress: '10.88.0.2',
    });
    expect(login.statusCode, login.body).toBe(200);
    deviceB = {
      cookie: String(login.headers['set-cookie']).split(';')[0],
      'x-csrf-token': login.json().csrfToken,
    };
  });
  const batch = (
    doses: Input<typeof dosesApi.recordDoses>['body']['doses'],
    headers: Record<string, string> = world.staff.siteBaDinh.headers,
  ) => testApi(ctx.app, { headers }).doses.recordDoses.raw({ body: { doses } });
  const dosesOf = (personId: string) =>
    ctx.database.db
      .selectFrom('dose')
      .select(['id', 'dose_number', 'source', 'given_at'])
      .where('person_id', '=', personId)
      .execute();

  it('records the queue with source site and the time it was given; a resend or a partial resend records nothing twice', async () => {
    const givenAt = '2021-09-01T01:15:00.000Z'; // entered offline at 08:15, synced at 10:00
    const first = { id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot };
    const queue = [{ ...first, doseNumber: 1, givenAt }];
    const sent = await batch(queue);
    expect(sent.status, JSON.stringify(sent)).toBe(200);
    expect(sent.body?.results).toEqual([{ id: first.id, status: 'recorded', doseNumber: 1 }]);
    // The answer was lost (the network dropped again): the device sends the same queue again.
    const again = await batch(queue);
    expect(again.body?.results).toEqual([{ id: first.id, status: 'already_recorded', doseNumber: 1 }]);
    const stored = await dosesOf(world.people.baDinh);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: 'site', dose_number: 1 });
    expect(stored[0]?.given_at.toISOString()).toBe(givenAt);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('record_id', '=', first.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['dose.record']);
  });

  it('the same dose entered on two devices: one record, the other device gets conflict (its dose not recorded)', async () => {
    const person = neighbour;
    // Both devices queued dose 1 for the same person while offline.
    const onA = { id: randomUUID(), personId: person, vaccineCode: 'AZ', lotId: lot, doseNumber: 1 };
    const onB = { ...onA, id: randomUUID(), givenAt: '2021-09-01T02:00:00.000Z' };
    expect((await batch([onA])).body?.results[0]?.status).toBe('recorded');
    const fromB = await batch([onB], deviceB);
    expect(fromB.status, JSON.stringify(fromB)).toBe(200);
    const [result] = fromB.body?.results ?? [];
    expect(result).toMatchObject({ id: onB.id, status: 'conflict', doseNumber: 1 });
    expect(result?.problem?.code).toBe('dose_number_taken');
    expect(result?.problem?.messages.en).toContain('Dose 1 is already recorded');
    // Device B syncs again (it did not hear the answer): still a conflict, still one record.
    expect((await batch([onB], deviceB)).body?.results[0]?.status).toBe('conflict');
    const stored = await dosesOf(person);
    expect(stored.map((d) => d.id)).toEqual([onA.id]);
  });

  it('a refusal stays a refusal (not a conflict); a signed-out device is refused as a whole (401) and nothing is written', async () => {
    const refused = await batch([
      { id: randomUUID(), personId: world.people.hcm, vaccineCode: 'AZ', lotId: lot, doseNumber: 1 },
    ]);
    expect(refused.body?.results[0]).toMatchObject({ status: 'refused' });
    expect(refused.body?.results[0]?.problem?.code).toBe('not_found');
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: deviceB });
    expect(out.statusCode).toBeLessThan(300);
    const late = { id: randomUUID(), personId: world.people.baDinh, vaccineCode: 'AZ', lotId: lot };
    const afterLogout = await batch([{ ...late, doseNumber: 2 }], deviceB);
    expect(afterLogout.status).toBe(401);
    expect((await dosesOf(world.people.baDinh)).some((d) => d.id === late.id)).toBe(false);
  });
});
