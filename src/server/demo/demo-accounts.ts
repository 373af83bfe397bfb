import type { Kysely } from 'kysely';
import { ageOn } from '../../shared/rules/dates.ts';
import type { DB, Relationship } from '../db/schema.ts';
import { DEMO_STAFF_PASSWORD } from '../modules/accounts/demo-logins.ts';
import { createStaff } from '../modules/accounts/staff.service.ts';
import { createDemoHousehold } from '../modules/households/households.service.ts';
import * as people from '../modules/people/people.service.ts';
import * as places from '../modules/places/places.service.ts';
import type { DemoMarker } from '../modules/system/system.service.ts';

/** A demo household: its citizen account and its members (holder first). */
export interface DemoHousehold {
  accountId: string;
  personIds: string[];
}

/**
 * Demo staff of every role around the province's first commune (its health station and a clinic),
 * and three households made of people of that commune. Returns what the demo marker lists and the
 * households (their vaccination histories are the vaccination demo's).
 */
export async function createDemoAccounts(
  db: Kysely<DB>,
  province: { id: string; code: string; name: string },
  commune: { id: string; code: string; name: string },
): Promise<Pick<DemoMarker, 'staff' | 'citizens'> & { households: DemoHousehold[] }> {
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
  const citizens: NonNullable<DemoMarker['citizens']> = [];
  const households: DemoHousehold[] = [];
  const shapes: Relationship[][] = [
    ['spouse', 'child', 'child'],
    ['parent', 'parent'],
    ['spouse', 'child', 'parent'],
  ];
  const used = new Set<string>();
  for (const shape of shapes) {
    // The first holder for whom the commune has people of fitting ages (the shape is kept whole).
    for (const holder of adults) {
      if (used.has(holder.id)) continue;
      const taken = new Set([...used, holder.id]);
      const members = [{ personId: holder.id, relationship: 'self' as Relationship }];
      for (const relationship of shape) {
        const next =
          residents.find((p) => !taken.has(p.id) && fits(relationship, holder, p, true)) ??
          residents.find((p) => !taken.has(p.id) && fits(relationship, holder, p, false));
        if (!next) break;
        taken.add(next.id);
        members.push({ personId: next.id, relationship });
      }
      if (members.length !== shape.length + 1) continue;
      for (const id of taken) used.add(id);
      const accountId = await createDemoHousehold(db, holder.phone!, members);
      citizens.push({ phone: holder.phone!, members: members.length });
      households.push({ accountId, personIds: members.map((m) => m.personId) });
      break;
    }
  }
  return { staff, citizens, households };
}

type Resident = { birth_date: string; sex: string };

/**
 * Whether a resident plausibly stands in that relationship to the holder: a child born 15 to 45 years
 * after the holder, a parent 16 to 45 years before, a spouse within 8 years (of the other sex when
 * `strict`; holders are born before 2000, so a spouse is an adult).
 */
function fits(relationship: Relationship, holder: Resident, p: Resident, strict: boolean): boolean {
  const olderBy = (a: Resident, b: Resident) => ageOn(a.birth_date, b.birth_date);
  switch (relationship) {
    case 'child':
      return p.birth_date > holder.birth_date && olderBy(holder, p) >= 15 && olderBy(holder, p) <= 45;
    case 'parent':
      return p.birth_date < holder.birth_date && olderBy(p, holder) >= 16 && olderBy(p, holder) <= 45;
    case 'spouse': {
      const gap = p.birth_date < holder.birth_date ? olderBy(p, holder) : olderBy(holder, p);
      return gap < 8 && (!strict || p.sex !== holder.sex);
    }
    default:
      return true;
  }
}
