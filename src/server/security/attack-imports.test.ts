import { beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../../test/fixtures/imports/faulty-file.ts';
import { testApi } from '../../../test/helpers/api.ts';
import { personFields, type Session } from '../../../test/helpers/auth.ts';
import { csvText, uploadCsvAs } from '../../../test/helpers/imports.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../test/helpers/world.ts';
import type { ReviewResolution } from '../../shared/schemas/imports.ts';
import { runNextJob } from '../modules/imports/runner/job-runner.ts';
import { runnerName } from '../modules/imports/runner/runner-name.ts';

/**
 * Reach by importing: a site that puts a stranger's CCCD in an import file must learn nothing about the
 * holder (not even initials, birth date or commune in the review queue), and must not be able to write
 * a dose — and so a lasting link to the person — for someone outside its reach.
 */
describe.each(TEST_ENGINES)('attacks through imports (%s)', (engine) => {
  const ctx = useTestApp(engine);
  let world: World;
  const runner = runnerName('server');
  const stranger = personFields({ fullName: 'Lý Thị Xa Lạ', sex: 'female', birthDate: '1966-06-16' });
  let strangerId: string;

  const row = (cells: Record<string, string | number>) => HEADERS.map((h) => cells[h] ?? null);
  const importRows = async (session: Session, rows: Record<string, string | number>[]) => {
    const code = 'atkimp-SITE-BD';
    const res = await uploadCsvAs(
      testApi(ctx.app, session),
      { facility: code, filename: 'attack.csv' },
      csvText([[...HEADERS], ...rows.map(row)]),
    );
    expect(res.status, JSON.stringify(res.problem)).toBe(202);
    while (await runNextJob(ctx.app.db, runner, { localFiles: false })) {}
    return res.body!.id;
  };
  const strangerRow = (birth: string) => ({
    'Họ và tên': 'Lý Thị Xa Lạ',
    'Ngày sinh': birth,
    'Giới tính': 'Nữ',
    'Số CCCD/CMND': stranger.cccd,
    'Mũi số': 1,
    'Ngày tiêm': '10/08/2021',
    'Tên vắc xin': 'Pfizer',
    'Số lô': 'FF1234',
  });
  const reviewOf = async (session: Session, jobId: string) =>
    (await testApi(ctx.app, session).imports.review({ query: { jobId } })).items;
  const resolve = (session: Session, id: string, body: ReviewResolution) =>
    testApi(ctx.app, session).imports.resolveReview.raw({ params: { id }, body });
  const strangerTraces = async () => ({
    doses: await ctx.app.db.selectFrom('dose').select('id').where('person_id', '=', strangerId).execute(),
    links: await ctx.app.db
      .selectFrom('person_facility')
      .select('facility_id')
      .where('person_id', '=', strangerId)
      .execute(),
  });

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.app.db, 'atkimp');
    const res = await testApi(ctx.app, world.staff.admin).people.create.raw({
      body: { ...stranger, unitId: world.communeB, phone: '0912388001' },
    });
    expect(res.status, JSON.stringify(res)).toBe(201);
    strangerId = res.body!.id;
  });

  it('a CCCD with a guessed birth date reveals nothing of the holder in the review queue', async () => {
    const jobId = await importRows(world.staff.siteBaDinh, [strangerRow('01/01/1966')]);
    const [item] = await reviewOf(world.staff.siteBaDinh, jobId);
    expect(item.reason).toBe('outside_reach');
    expect(item.candidates).toEqual([]);
    expect(item.outsideReach).toBe(1);
    const text = JSON.stringify(item);
    expect(text).not.toContain(strangerId);
    expect(text).not.toContain('1966-06-16');
    expect(text).not.toContain('L. T. X. L.');
    expect(text).not.toContain('388001');
    // "match" to the stranger (id learnt elsewhere) is refused, and so is "create" — without the id.
    expect(
      (await resolve(world.staff.siteBaDinh, item.id, { action: 'match', personId: strangerId })).status,
    ).toBe(400);
    const created = await resolve(world.staff.siteBaDinh, item.id, { action: 'create' });
    expect(created.status).toBe(409);
    expect(created.problem?.code).toBe('duplicate_cccd');
    expect(created.problem?.messages.en).toContain('outside your area');
    expect(JSON.stringify(created.problem)).not.toContain(strangerId);
    expect(await strangerTraces()).toEqual({ doses: [], links: [] });
  });

  it('the right CCCD and birth date are not matched automatically outside reach: no dose, no link', async () => {
    const jobId = await importRows(world.staff.siteBaDinh, [strangerRow('16/06/1966')]);
    const job = await testApi(ctx.app, world.staff.siteBaDinh).imports.job({ params: { id: jobId } });
    expect(job.counts).toMatchObject({ imported: 0, review: 1 });
    expect(await strangerTraces()).toEqual({ doses: [], links: [] });
    // Someone whose reach covers the person (the HCM province manager, or an admin) sees and matches it.
    const [mine] = await reviewOf(world.staff.siteBaDinh, jobId);
    const [theirs] = await reviewOf(world.staff.admin, jobId);
    expect(theirs.candidates.map((c: { personId: string }) => c.personId)).toEqual([strangerId]);
    const matched = await resolve(world.staff.admin, mine.id, { action: 'match', personId: strangerId });
    expect(matched.status, JSON.stringify(matched.problem)).toBe(200);
    expect((await strangerTraces()).doses).toHaveLength(1);
  });
});
