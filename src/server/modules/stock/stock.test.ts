import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
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
  const post = (who: keyof World['staff'], url: string, payload: object) =>
    ctx.app.inject({ method: 'POST', url, headers: world.staff[who].headers, payload });
  const stock = (who: keyof World['staff'], query = '') =>
    ctx.app.inject({ url: `/api/staff/stock${query}`, headers: world.staff[who].headers });
  const holdersOf = async (who: keyof World['staff']) =>
    [...new Set((await stock(who)).json().items.map((i: Item) => i.holder))].sort();
  const quantityAt = async (holder: string, lotId: string) =>
    (await stock('admin')).json().items.find((i: Item) => i.holder === holder && i.lot.id === lotId)
      ?.quantity as number | undefined;

  beforeAll(async () => {
    world = await buildWorld(ctx.app, ctx.database.db, 'stk');
    const lot = async (lotNumber: string, expiresOn: string) =>
      (await post('admin', '/api/staff/lots', { vaccineCode: 'PFIZER', lotNumber, expiresOn })).json()
        .id as string;
    lots.good = await lot('STK-GOOD', '2022-06-30');
    lots.soon = await lot('STK-SOON', '2021-09-20'); // 18 days away
    lots.old = await lot('STK-OLD', '2021-08-01'); // expired a month ago
    const receipt = async (lotId: string, to: string, quantity: number) => {
      const res = await post('admin', '/api/staff/stock/movements', { lotId, kind: 'receipt', to, quantity });
      expect(res.statusCode, res.body).toBe(201);
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
    expect((await stock('clinicBaDinh')).statusCode).toBe(403);
  });

  it('names the holders, flags expired and soon-expiring lots and adds up the doses on hand', async () => {
    const body = (await stock('pmHanoi')).json();
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
    expect((await stock('siteBaDinh')).json().totals).toMatchObject({ quantity: 150, expiring: 50 });
  });

  it('one facility on request, with the store its returns go to; others are not found', async () => {
    const one = (await stock('cmBaDinh', `?facilityId=${world.facilities.siteBaDinh}`)).json();
    expect(one.facility).toEqual({
      id: world.facilities.siteBaDinh,
      name: 'Cơ sở SITE-BD',
      unitName: 'Phường Ba Đình',
      returnTo: 'unit:2025-01',
      returnToName: 'Thành phố Hà Nội',
    });
    expect(one.items.map((i: Item) => i.holder)).toEqual([site(), site()]);
    expect((await stock('siteBaDinh', `?facilityId=${world.facilities.siteHcm}`)).statusCode).toBe(404);
    expect((await stock('cmNgocHa', `?facilityId=${world.facilities.siteBaDinh}`)).statusCode).toBe(404);
    const bad = await stock('admin', '?facilityId=not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('facilityId');
  });

  it('a site records wastage and a return; never more than it holds; a resend is recorded once', async () => {
    const wastage = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: lots.good,
      kind: 'wastage',
      from: site(),
      quantity: 3,
      note: 'Lọ mở quá 6 giờ',
    });
    expect(wastage.statusCode, wastage.body).toBe(201);
    expect(await quantityAt(site(), lots.good)).toBe(97);
    const tooMuch = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: lots.good,
      kind: 'wastage',
      from: site(),
      quantity: 98,
    });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json()).toMatchObject({ code: 'stock_insufficient', errors: [{ field: 'quantity' }] });
    expect(tooMuch.json().errors[0].messages.en).toBe('Only 97 doses of this lot are on hand');
    const id = randomUUID();
    const back = { id, lotId: lots.good, kind: 'return', from: site(), to: 'unit:2025-01', quantity: 90 };
    expect((await post('siteBaDinh', '/api/staff/stock/movements', back)).json()).toEqual({ recorded: true });
    // The resend finds 7 left, fewer than 90, and still answers as a resend, not as a shortage.
    expect((await post('siteBaDinh', '/api/staff/stock/movements', back)).json()).toEqual({
      recorded: false,
    });
    expect(await quantityAt(site(), lots.good)).toBe(7);
    expect(await quantityAt('unit:2025-01', lots.good)).toBe(290);
    expect(await movementBalance(ctx.database.db, site(), lots.good)).toBe(7);
    expect(await movementBalance(ctx.database.db, 'unit:2025-01', lots.good)).toBe(290);
  });

  it('refuses movements out of another site, a missing source and an unknown lot', async () => {
    const other = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: lots.good,
      kind: 'wastage',
      from: `facility:${world.facilities.siteHcm}`,
      quantity: 1,
    });
    expect(other.statusCode).toBe(404);
    const noSource = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: lots.good,
      kind: 'return',
      to: 'unit:2025-01',
      quantity: 1,
    });
    expect(noSource.json().errors[0]).toMatchObject({ field: 'from', code: 'field.required' });
    const unknown = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: randomUUID(),
      kind: 'receipt',
      to: site(),
      quantity: 1,
    });
    expect(unknown.json().errors[0]).toMatchObject({ field: 'lotId' });
    const zero = await post('siteBaDinh', '/api/staff/stock/movements', {
      lotId: lots.good,
      kind: 'receipt',
      to: site(),
      quantity: 0,
    });
    expect(zero.json().errors[0].field).toBe('quantity');
    expect(await quantityAt(`facility:${world.facilities.siteHcm}`, lots.good)).toBe(30);
  });
});
