import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, StaffRole } from '../../src/server/db/schema.ts';
import { testApi } from './api.ts';
import { addressApi, personFields, type Session, sessionFrom, staffSession, TEST_PASSWORD } from './auth.ts';

/**
 * Two provinces with staff of every role and one person per commune:
 * Hà Nội (Ba Đình 2025-00004, Ngọc Hà 2025-00008) and Hồ Chí Minh (its first commune).
 */
export interface World {
  communeB: string;
  facilities: { siteBaDinh: string; clinicBaDinh: string; siteHcm: string };
  staff: Record<
    'admin' | 'pmHanoi' | 'pmHcm' | 'cmBaDinh' | 'cmNgocHa' | 'siteBaDinh' | 'clinicBaDinh' | 'siteHcm',
    Session & { id: string; role: StaffRole }
  >;
  people: { baDinh: string; ngocHa: string; hcm: string };
}

/** Builds the world through the real services and HTTP routes. */
export async function buildWorld(app: FastifyInstance, db: Kysely<DB>, prefix: string): Promise<World> {
  const communeB = (
    await db
      .selectFrom('admin_unit')
      .select('id')
      .where('parent_id', '=', '2025-79')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  const facility = async (code: string, kind: 'vaccination_site' | 'clinic', unit: string) =>
    (
      await db
        .insertInto('facility')
        .values({ code: `${prefix}-${code}`, name: `Cơ sở ${code}`, kind, unit_id: unit })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const facilities = {
    siteBaDinh: await facility('SITE-BD', 'vaccination_site', '2025-00004'),
    clinicBaDinh: await facility('CLINIC-BD', 'clinic', '2025-00004'),
    siteHcm: await facility('SITE-HCM', 'vaccination_site', communeB),
  };
  const make = async (name: string, role: StaffRole, where: { unit?: string; facility?: string } = {}) => ({
    ...(await staffSession(app, db, `${prefix}.${name}`, role, where)),
    role,
  });
  const staff = {
    admin: await make('admin', 'admin'),
    pmHanoi: await make('pm-hn', 'province_manager', { unit: '01' }),
    pmHcm: await make('pm-hcm', 'province_manager', { unit: '79' }),
    cmBaDinh: await make('cm-bd', 'commune_manager', { unit: '00004' }),
    cmNgocHa: await make('cm-nh', 'commune_manager', { unit: '00008' }),
    siteBaDinh: await make('site-bd', 'site_staff', { facility: facilities.siteBaDinh }),
    clinicBaDinh: await make('clinic-bd', 'clinic_staff', { facility: facilities.clinicBaDinh }),
    siteHcm: await make('site-hcm', 'site_staff', { facility: facilities.siteHcm }),
  };
  const create = async (fields: Record<string, unknown>) => {
    const res = await testApi(app, staff.admin).people.create.raw({ body: personFields(fields) });
    if (!res.ok) throw new Error(`person create failed: ${JSON.stringify(res.problem)}`);
    return res.body.id;
  };
  const people = {
    baDinh: await create({ fullName: 'Nguyễn Văn A', unitId: '2025-00004', birthDate: '1960-03-02' }),
    ngocHa: await create({
      fullName: 'Trần Thị Bình',
      sex: 'female',
      unitId: '2025-00008',
      birthDate: '1975-07-20',
    }),
    hcm: await create({ fullName: 'Lê Văn Cường', unitId: communeB, birthDate: '1990-11-11' }),
  };
  return { communeB, facilities, staff, people };
}

let reloginCount = 0;

/** Signs every staff member of the world in again (after a test moved the clock past session expiry). */
export async function relogin(app: FastifyInstance, world: World, prefix: string) {
  const names: Record<keyof World['staff'], string> = {
    admin: 'admin',
    pmHanoi: 'pm-hn',
    pmHcm: 'pm-hcm',
    cmBaDinh: 'cm-bd',
    cmNgocHa: 'cm-nh',
    siteBaDinh: 'site-bd',
    clinicBaDinh: 'clinic-bd',
    siteHcm: 'site-hcm',
  };
  for (const [key, name] of Object.entries(names) as [keyof World['staff'], string][]) {
    // Each renewal from its own address: the per-address sign-in limit is real time, the test clock is not.
    reloginCount++;
    const address = `10.77.${reloginCount % 250}.${Math.floor(reloginCount / 250) + 1}`;
    const res = await addressApi(app, address).auth.staffLogin.raw({
      body: { username: `${prefix}.${name}`, password: TEST_PASSWORD },
    });
    if (res.status !== 200) throw new Error(`relogin failed: ${JSON.stringify(res.problem)}`);
    world.staff[key] = { ...world.staff[key], headers: sessionFrom(res).headers };
  }
}
