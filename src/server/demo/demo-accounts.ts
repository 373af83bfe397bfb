import type { Kysely } from 'kysely';
import { addDays } from '../../shared/rules/dates.ts';
import type { DB, Relationship } from '../db/schema.ts';
import { DEMO_STAFF_PASSWORD } from '../modules/accounts/demo-logins.ts';
import { createStaff } from '../modules/accounts/staff.service.ts';
import * as doses from '../modules/doses/doses.service.ts';
import { createDemoHousehold } from '../modules/households/households.service.ts';
import * as people from '../modules/people/people.service.ts';
import * as places from '../modules/places/places.service.ts';
import * as stock from '../modules/stock/stock.service.ts';
import type { DemoMarker } from '../modules/system/system.service.ts';

/**
 * Demo staff of every role around the province's first commune (its health station and a clinic),
 * and three households made of people of that commune. Returns what the demo marker lists.
 */
export async function createDemoAccounts(
  db: Kysely<DB>,
  province: { id: string; code: string; name: string },
  commune: { id: string; code: string; name: string },
): Promise<Pick<DemoMarker, 'staff' | 'citizens'>> {
  await places.insertFacilities(db, [
    {
      code: `PK-${commune.code}`,
      name: `Phòng khám đa khoa ${commune.name.replace(/^(Phường|Xã|Đặc khu) /, '')}`,
      kind: 'clinic',
      unit_id: commune.id,
      address_line: null,
      capacity_per_day: 80,
      is_demo: true,
    },
  ]);
  const by = { kind: 'system' as const, label: 'sskdt demo' };
  const staff: NonNullable<DemoMarker['staff']> = [];
  const add = async (
    username: string,
    displayName: string,
    role: NonNullable<DemoMarker['staff']>[number]['role'],
    where: { unit?: string; facility?: string },
    label: string,
  ) => {
    await createStaff(
      db,
      { username, displayName, role, password: DEMO_STAFF_PASSWORD, isDemo: true, ...where },
      by,
    );
    staff.push({ username, role, where: label });
  };
  await add('demo.admin', 'Quản trị viên (demo)', 'admin', {}, 'Toàn quốc / National');
  await add('demo.tinh', 'Cán bộ Sở Y tế (demo)', 'province_manager', { unit: province.code }, province.name);
  await add('demo.xa', 'Cán bộ y tế xã (demo)', 'commune_manager', { unit: commune.code }, commune.name);
  await add(
    'demo.tiem',
    'Nhân viên điểm tiêm (demo)',
    'site_staff',
    { facility: `TYT-${commune.code}` },
    `Trạm Y tế — ${commune.name}`,
  );
  await add(
    'demo.phongkham',
    'Nhân viên phòng khám (demo)',
    'clinic_staff',
    { facility: `PK-${commune.code}` },
    `Phòng khám — ${commune.name}`,
  );

  const residents = await people.listByUnit(db, commune.id, 200);
  const adults = residents.filter(
    (p) => p.phone && p.birth_date < '2000-01-01' && p.birth_date > '1960-01-01',
  );
  const others = residents.filter((p) => !adults.slice(0, 3).includes(p));
  const citizens: NonNullable<DemoMarker['citizens']> = [];
  const households: string[][] = [];
  const shapes: Relationship[][] = [
    ['spouse', 'child', 'child'],
    ['parent', 'parent'],
    ['spouse', 'child', 'parent'],
  ];
  for (const [i, holder] of adults.slice(0, 3).entries()) {
    const members = [{ personId: holder.id, relationship: 'self' as Relationship }];
    for (const relationship of shapes[i]) {
      const next = others.shift();
      if (next) members.push({ personId: next.id, relationship });
    }
    await createDemoHousehold(db, holder.phone!, members);
    citizens.push({ phone: holder.phone!, members: members.length });
    households.push(members.map((m) => m.personId));
  }
  await createDemoVaccinations(db, commune, households);
  return { staff, citizens };
}

/**
 * Lots with stock at the commune's health station, and vaccination histories for the demo
 * households: complete, partial, mixed AstraZeneca → Pfizer, boosted and not vaccinated.
 */
async function createDemoVaccinations(
  db: Kysely<DB>,
  commune: { id: string; code: string },
  households: string[][],
) {
  const facility = await places.findFacilityByCode(db, `TYT-${commune.code}`);
  if (!facility) return;
  const lots: Record<string, { id: string; lotNumber: string }> = {};
  for (const [vaccineCode, lotNumber] of [
    ['PFIZER', 'FK8891'],
    ['AZ', 'ABV5811'],
    ['MODERNA', '3003327'],
  ] as const) {
    const lot = await stock.ensureLot(db, {
      vaccineCode,
      lotNumber,
      expiresOn: '2027-12-31',
      dosesPerVial: 10,
    });
    await stock.receive(db, lot.id, stock.facilityHolder(facility.id), 5000);
    lots[vaccineCode] = { id: lot.id, lotNumber };
  }
  // Relative to today, so the demo shows every colour: boosted and complete (green), partial (yellow), none.
  const daysAgo = (n: number) => addDays(new Date().toISOString().slice(0, 10), -n);
  const histories: [string, string][][] = [
    [
      ['PFIZER', daysAgo(230)],
      ['PFIZER', daysAgo(205)],
      ['MODERNA', daysAgo(40)],
    ],
    [
      ['AZ', daysAgo(120)],
      ['PFIZER', daysAgo(80)],
    ],
    [['PFIZER', daysAgo(10)]],
    [],
  ];
  let k = 0;
  for (const members of households) {
    for (const personId of members) {
      const history = histories[k++ % histories.length];
      for (const [i, [vaccineCode, givenOn]] of history.entries()) {
        await doses.recordDemoDose(db, {
          personId,
          vaccineCode,
          lotId: lots[vaccineCode].id,
          lotNumber: lots[vaccineCode].lotNumber,
          facilityId: facility.id,
          doseNumber: i + 1,
          givenOn,
        });
      }
    }
  }
}
