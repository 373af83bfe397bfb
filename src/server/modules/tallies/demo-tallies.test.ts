import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { loadDemoData } from '../../demo/demo-data.ts';
import { DEMO_STAFF_PASSWORD } from '../accounts/demo-logins.ts';

/** 07:00 in Vietnam on 22 November 2026. */
const NOW = new Date('2026-11-22T00:00:00Z');

describe.each(TEST_ENGINES)('demo tallies (%s)', (engine) => {
  const ctx = useTestApp(engine, { clock: () => NOW });

  it('reports a little more than was recorded at each demo site, and today not yet', async () => {
    await loadDemoData(ctx.database.db, { province: '79', people: 1500, seed: 7, today: NOW });
    const db = ctx.database.db;
    // Every tally against the records of its facility, day and vaccine.
    const rows = (
      await sql<{ facility_id: string; day: string; reported: number; recorded: number }>`
        select t.facility_id, t.day, t.doses as reported,
          (select count(*) from dose d where d.facility_id = t.facility_id and d.given_on = t.day
             and d.vaccine_code = t.vaccine_code and d.status = 'recorded') as recorded
        from dose_tally t`.execute(db)
    ).rows.map((r) => ({ ...r, reported: Number(r.reported), recorded: Number(r.recorded) }));
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.filter((r) => r.reported < r.recorded || r.recorded === 0)).toEqual([]);
    expect(rows.filter((r) => r.day >= '2026-11-22')).toEqual([]);
    const sum = (list: typeof rows, key: 'reported' | 'recorded') => list.reduce((s, r) => s + r[key], 0);
    const ratio = sum(rows, 'recorded') / sum(rows, 'reported');
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(0.99);
    // Sites differ: among those with enough doses, the ratios spread out.
    const bySite = new Map<string, typeof rows>();
    for (const r of rows) bySite.set(r.facility_id, [...(bySite.get(r.facility_id) ?? []), r]);
    const ratios = [...bySite.values()]
      .filter((list) => sum(list, 'recorded') >= 20)
      .map((list) => sum(list, 'recorded') / sum(list, 'reported'));
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...ratios) - Math.min(...ratios)).toBeGreaterThan(0.03);
    const revisions = await db
      .selectFrom('dose_tally_revision')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    expect(Number(revisions?.n)).toBe(rows.length);

    // The demo province manager sees it on the completeness dashboard.
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'demo.tinh', password: DEMO_STAFF_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0];
    const res = await testApi(ctx.app, { headers: { cookie } }).tallies.completeness.raw();
    expect(res.status, JSON.stringify(res)).toBe(200);
    const body = res.body;
    expect(body?.unit).toMatchObject({ id: '2025-79', rank: { position: 1, of: 1 } });
    expect(body?.unit.ratio).toBeLessThan(1);
    expect(body?.unit.text.vi).toMatch(/^\d{2},\d{2}% — [\d.]+ \/ [\d.]+$/);
    expect(body?.behind.length).toBeGreaterThan(0);
  });
});
