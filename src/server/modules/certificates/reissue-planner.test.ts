import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { keySealer } from '../../key-seal.ts';
import { getSetting, putSetting } from '../system/system.repository.ts';
import { initKeys } from './keys.service.ts';
import { planCertificateReissues, WATERMARK } from './reissue-planner.ts';

/**
 * The re-issue pass with its watermark: after a first full pass it reads only the people changed since
 * the previous pass (dose recorded or voided, identity corrected, a record merged into them), and a full
 * pass once a day still finds a change written with an older time.
 */

const SECRET = 'reissue-planner-test-secret-0123456789';

describe.each(TEST_ENGINES)('certificate re-issue watermark (%s)', (engine) => {
  const sms = smsFile();
  // A clock that follows real time, as in production (the database stamps recorded_at with its own).
  let clock = new Date();
  const ctx = useTestApp(engine, {
    sms: sms.sender,
    clock: () => clock,
    certificates: { keySecret: SECRET },
  });
  const db = () => ctx.database.db;
  let world: World;
  let lot: string;
  const people = {} as Record<'a' | 'b' | 'c', Awaited<ReturnType<typeof citizenWithMember>>>;
  const doses: Record<string, string[]> = { a: [], b: [], c: [] };

  const pass = (options: { full?: boolean } = {}) => {
    clock = new Date();
    return planCertificateReissues(ctx.app.certificateContext(), 200, options);
  };
  const uvciOf = async (who: 'a' | 'b' | 'c') => {
    const row = await db()
      .selectFrom('issued_certificate')
      .select('uvci')
      .where('person_id', '=', people[who].personId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row?.uvci;
  };
  const issue = async (who: 'a' | 'b' | 'c') => {
    const res = await testApi(ctx.app, people[who].session).certificates.memberCertificate.raw({
      params: { personId: people[who].personId },
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    return res.body?.uvci ?? '';
  };
  const dose = async (who: 'a' | 'b' | 'c', givenAt: string) => {
    const id = randomUUID();
    const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: { id, personId: people[who].personId, vaccineCode: 'PFIZER', lotId: lot, givenAt },
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(201);
    doses[who].push(id);
  };

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'reissue');
    people.a = await citizenWithMember(ctx.app, db(), sms, '0912800501', 'Lê Văn An');
    people.b = await citizenWithMember(ctx.app, db(), sms, '0912800502', 'Phạm Thị Bình');
    people.c = await citizenWithMember(ctx.app, db(), sms, '0912800503', 'Lê Văn An');
    const headers = world.staff.admin.headers;
    lot =
      (
        await testApi(ctx.app, { headers }).stock.createLot.raw({
          body: { vaccineCode: 'PFIZER', lotNumber: 'REISSUE01', expiresOn: '2099-12-31' },
        })
      ).body?.id ?? '';
    await testApi(ctx.app, { headers }).stock.recordMovement.raw({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 20 },
    });
    await initKeys(db(), keySealer(SECRET), { now: new Date(), csca: 'discard' });
    clock = new Date();
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    for (const who of ['a', 'b', 'c'] as const) {
      await dose(who, day(60));
      await dose(who, day(30));
      await issue(who);
    }
  }, 300_000);

  it('the first pass is a full one; then a voided dose and a corrected name are found', async () => {
    expect(await getSetting(db(), WATERMARK)).toBeUndefined();
    expect(await pass()).toBe(0);
    const mark = await getSetting<{ at: string; fullAt: string }>(db(), WATERMARK);
    expect(mark?.fullAt).toBe(mark?.at);

    const before = { a: await uvciOf('a'), b: await uvciOf('b') };
    const voided = await testApi(ctx.app, world.staff.siteBaDinh).doses.voidDose.raw({
      params: { id: doses.a[1] },
      body: { reason: 'Ghi nhầm người' },
    });
    expect(voided.status, JSON.stringify(voided.problem)).toBe(200);
    await db()
      .updateTable('person')
      .set({ full_name: 'Phạm Thị Bình An', updated_at: new Date() })
      .where('id', '=', people.b.personId)
      .execute();
    expect(await pass()).toBe(2);
    expect(await uvciOf('a')).not.toBe(before.a);
    expect(await uvciOf('b')).not.toBe(before.b);
    expect(await pass()).toBe(0);
    // Those were incremental passes: the full pass time stays the first one.
    const later = await getSetting<{ at: string; fullAt: string }>(db(), WATERMARK);
    expect(later?.fullAt).toBe(mark?.fullAt);
    expect(new Date(later?.at ?? 0).getTime()).toBeGreaterThan(new Date(mark?.at ?? 0).getTime());
  });

  it('a record merged into a person re-issues that person', async () => {
    const before = await uvciOf('a');
    // C is merged into A: C's doses move to A (as people.merge does) and C's record is stamped.
    await db()
      .updateTable('dose')
      .set({ person_id: people.a.personId })
      .where('person_id', '=', people.c.personId)
      .where('dose_number', '=', 2)
      .execute();
    await db()
      .updateTable('person')
      .set({ merged_into: people.a.personId, updated_at: new Date() })
      .where('id', '=', people.c.personId)
      .execute();
    expect(await pass()).toBe(1);
    expect(await uvciOf('a')).not.toBe(before);
    // C's own certificate is withdrawn (its record is gone), not re-issued.
    expect(await uvciOf('c')).toBeUndefined();
  });

  it('a change stamped before the watermark is left to the daily full pass', async () => {
    const before = await uvciOf('b');
    const hourAgo = new Date(Date.now() - 3600_000);
    // B's second dose voided with an old time (a late sync, a manual fix), and nothing else of B newer.
    await db()
      .updateTable('dose')
      .set({ status: 'entered_in_error', voided_at: hourAgo, void_reason: 'test', recorded_at: hourAgo })
      .where('id', '=', doses.b[1])
      .execute();
    await db()
      .updateTable('dose')
      .set({ recorded_at: hourAgo })
      .where('person_id', '=', people.b.personId)
      .execute();
    await db()
      .updateTable('person')
      .set({ updated_at: hourAgo })
      .where('id', '=', people.b.personId)
      .execute();
    expect(await pass()).toBe(0);
    expect(await uvciOf('b')).toBe(before);
    // A day after the last full pass, the next pass is a full one and finds it.
    const mark = await getSetting<{ at: string; fullAt: string }>(db(), WATERMARK);
    await putSetting(db(), WATERMARK, {
      ...mark,
      fullAt: new Date(Date.now() - 25 * 3600_000).toISOString(),
    });
    expect(await pass()).toBe(1);
    expect(await uvciOf('b')).not.toBe(before);
    const after = await getSetting<{ at: string; fullAt: string }>(db(), WATERMARK);
    expect(after?.fullAt).toBe(after?.at);
    // Nothing left: and `full` forces one on demand.
    expect(await pass({ full: true })).toBe(0);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from issued_certificate where revoked_at is null`.execute(db());
    expect(rows[0].n).toBe(2);
  });
});
