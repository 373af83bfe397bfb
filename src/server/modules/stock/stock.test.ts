import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import type { Input } from '../../../shared/api/endpoint.ts';
import type { stock as stockApi } from '../../../shared/contracts/stock.ts';
import { movementBalance } from './stock.service.ts';

type Item = {
  holder: string;
  holderName: string | null;
  facilityId: string | null;
  quantity: number;
  warning: string | null;
  lot: { id: string };
};

describe.each(TEST_ENGINES)('stock by site and site movements (%s)', (engine) => {
  // 10:00 in Vietnam on 2 September 2021.
  const ctx = useTestApp(engine, { clock: () => new Date('2021-09-02T03:00:00Z') });
  let world: World;
  const lots = { good: '', soon: '', old: '' };
  const site = () => `facility:${world.facilities.siteBaDinh}`;
  const as = (who: keyof World['staff']) => testApi(ctx.app, world.staff[who]);
  const move = (who: keyof World['staff'], body: Input<typeof stockApi.recordMovement>['body']) =>
    as(who).stock.recordMovement.raw({ body });
  const stock = (who: keyof World['staff'], facilityId?: string) =>
    as(who).stock.levels.raw({ query: { facilityId } });
  const items = async (who: keyof World['staff']): Promise<Item[]> => {
    const answer = await stock(who);
    return answer.body?.items ?? [];
  };
  const holdersOf = async (who: keyof World['staff']) =>
    [...new Set((await items(who)).map((i: Item) => i.holder))].sort();
  const quantityAt = async (holder: string, lotId: string) =>
    (await items('admin')).find((i: Item) => i.holder === holder && i.lot.id === lotId)?.quantity;

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'stk');
    const lot = async (lotNumber: string, expiresOn: string) =>
      (await as('admin').stock.createLot({ body: { vaccineCode: 'PFIZER', lotNumber, expiresOn } })).id;
    lots.good = await lot('STK-GOOD', '2022-06-30');
    lots.soon = await lot('STK-SOON', '2021-09-20'); // 18 days away
    lots.old = await lot('STK-OLD', '2021-08-01'); // expired a month ago
    const receipt = async (lotId: string, to: string, quantity: number) => {
      const res = await move('admin', { lotId, kind: 'receipt', to, quantity });
      expect(res.status, JSON.stringify(res)).toBe(201);
    };
    await receipt(lots.good, site(), 100);
    await receipt(lots.soon, site(), 50);
    await receipt(lots.old, `facility:${world.facilities.clinicBaDinh}`, 5);
    await receipt(lots.good, `facility:${world.facilities.siteHcm}`, 30);
    await receipt(lots.good, 'unit:2025-01', 200);
  });

  it('each caller sees the facilities (and stores) of their jurisdiction, a site only itself', async () => {
    const bd = [`facility:${world.facilities.clinicBaDinh}`, site()].sort();
    expect(await holdersOf('siteBaDinh')).toEqual([site()]);
    expect(await holdersOf('siteHcm')).toEqual([`facility:${world.facilities.siteHcm}`]);
    expect(await holdersOf('cmBaDinh')).toEqual(bd);
    expect(await holdersOf('cmNgocHa')).toEqual([]);
    expect(await holdersOf('pmHanoi')).toEqual([...bd, 'unit:2025-01'].sort());
    expect(await holdersOf('pmHcm')).toEqual([`facility:${world.facilities.siteHcm}`]);
    expect(await holdersOf('admin')).toEqual(
      expect.arrayContaining([...bd, 'unit:2025-01', `facility:${world.facilities.siteHcm}`]),
    );
    expect((await stock('clinicBaDinh')).status).toBe(403);
  });

  it('names the holders, flags expired and soon-expiring lots and adds up the doses on hand', async () => {
    const body = await as('pmHanoi').stock.levels();
    const find = (lotId: string) => body.items.find((i: Item) => i.lot.id === lotId);
    expect(find(lots.soon)).toMatchObject({
      holder: site(),
      holderName: 'Cơ sở SITE-BD',
      facilityId: world.facilities.siteBaDinh,
      unitName: 'Phường Ba Đình',
      quantity: 50,
      warning: 'expiring',
      lot: { lotNumber: 'STK-SOON', expiresOn: '2021-09-20' },
    });
    expect(find(lots.old)).toMatchObject({ quantity: 5, warning: 'expired' });
    const store = body.items.find((i: Item) => i.holder === 'unit:2025-01');
    expect(store).toMatchObject({ holderName: 'Thành phố Hà Nội', facilityId: null, warning: null });
    expect(body.totals).toEqual({
      quantity: 355,
      expired: 5,
      expiring: 50,
      byVaccine: [{ vaccineCode: 'PFIZER', quantity: 355 }],
    });
    expect(body.facility).toBeNull();
    expect((await stock('siteBaDinh')).body?.totals).toMatchObject({ quantity: 150, expiring: 50 });
  });

  it('one facility on request, with the store its returns go to; others are not found', async () => {
    const one = await as('cmBaDinh').stock.levels({ query: { facilityId: world.facilities.siteBaDinh } });
    expect(one.facility).toEqual({
      id: world.facilities.siteBaDinh,
      name: 'Cơ sở SITE-BD',
      unitName: 'Phường Ba Đình',
      returnTo: 'unit:2025-01',
      returnToName: 'Thành phố Hà Nội',
    });
    expect(one.items.map((i: Item) => i.holder)).toEqual([site(), site()]);
    expect((await stock('siteBaDinh', world.facilities.siteHcm)).status).toBe(404);
    expect((await stock('cmNgocHa', world.facilities.siteBaDinh)).status).toBe(404);
    const bad = await stock('admin', 'not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.problem?.errors?.[0]?.field).toBe('facilityId');
  });

  it('a site records wastage and a return; never more than it holds; a resend is recorded once', async () => {
    const wastage = await move('siteBaDinh', {
      lotId: lots.good,
      kind: 'wastage',
      from: site(),
      quantity: 3,
      note: 'Lọ mở quá 6 giờ',
    });
    expect(wastage.status, JSON.stringify(wastage)).toBe(201);
    expect(await quantityAt(site(), lots.good)).toBe(97);
    const tooMuch = await move('siteBaDinh', {
      lotId: lots.good,
      kind: 'wastage',
      from: site(),
      quantity: 98,
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.problem).toMatchObject({ code: 'stock_insufficient', errors: [{ field: 'quantity' }] });
    expect(tooMuch.problem?.errors?.[0]?.messages.en).toBe('Only 97 doses of this lot are on hand');
    const id = randomUUID();
    const back = {
      id,
      lotId: lots.good,
      kind: 'return' as const,
      from: site(),
      to: 'unit:2025-01',
      quantity: 90,
    };
    expect((await move('siteBaDinh', back)).body).toEqual({ recorded: true });
    // The resend finds 7 left, fewer than 90, and still answers as a resend, not as a shortage.
    expect((await move('siteBaDinh', back)).body).toEqual({
      recorded: false,
    });
    expect(await quantityAt(site(), lots.good)).toBe(7);
    expect(await quantityAt('unit:2025-01', lots.good)).toBe(290);
    expect(await movementBalance(ctx.database.db, site(), lots.good)).toBe(7);
    expect(await movementBalance(ctx.database.db, 'unit:2025-01', lots.good)).toBe(290);
  });

  it('refuses movements out of another site, a missing source and an unknown lot', async () => {
    const other = await move('siteBaDinh', {
      lotId: lots.good,
      kind: 'wastage',
      from: `facility:${world.facilities.siteHcm}`,
      quantity: 1,
    });
    expect(other.status).toBe(404);
    const noSource = await move('siteBaDinh', {
      lotId: lots.good,
      kind: 'return',
      to: 'unit:2025-01',
      quantity: 1,
    });
    expect(noSource.problem?.errors?.[0]).toMatchObject({ field: 'from', code: 'field.required' });
    const unknown = await move('siteBaDinh', {
      lotId: randomUUID(),
      kind: 'receipt',
      to: site(),
      quantity: 1,
    });
    expect(unknown.problem?.errors?.[0]).toMatchObject({ field: 'lotId' });
    const zero = await move('siteBaDinh', {
      lotId: lots.good,
      kind: 'receipt',
      to: site(),
      quantity: 0,
    });
    expect(zero.problem?.errors?.[0]?.field).toBe('quantity');
    expect(await quantityAt(`facility:${world.facilities.siteHcm}`, lots.good)).toBe(30);
  });
});
