import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf } from '../../server/policy/permissions.ts';
import type { StaffMe } from './permissions.ts';
import { homeOf, STAFF_LINKS, staffLinks } from './staff-nav.ts';

type Role = StaffMe['role'];

/** A signed-in staff member of a role, holding exactly what the server's permission table gives it. */
function actor(role: Role, facilityId?: string): StaffMe {
  return {
    kind: 'staff',
    staffId: 's',
    username: 'u',
    displayName: 'U',
    role,
    scope: facilityId ? { kind: 'facility', facilityId } : { kind: role === 'admin' ? 'national' : 'unit' },
    needsTotp: false,
    needsTotpSetup: false,
    permissions: permissionsOf(role),
  };
}

const ROLES: Record<Exclude<Role, 'facility_api'>, StaffMe> = {
  site_staff: actor('site_staff', 'f1'),
  clinic_staff: actor('clinic_staff', 'f2'),
  commune_manager: actor('commune_manager'),
  province_manager: actor('province_manager'),
  admin: actor('admin'),
};

describe('the staff navigation, from the permission table', () => {
  it('gives each role exactly its links', () => {
    const keys = (role: keyof typeof ROLES) => staffLinks(ROLES[role]).map((l) => l.key);
    expect(keys('site_staff')).toEqual([
      'site.today',
      'site.observation',
      'site.sessions',
      'site.stock',
      'site.tally',
      'staff.search',
      'staff.corrections',
      'staff.links',
      'staff.imports',
      'staff.security',
    ]);
    expect(keys('clinic_staff')).toEqual([
      'staff.search',
      'staff.corrections',
      'staff.links',
      'staff.security',
    ]);
    expect(keys('commune_manager')).toEqual([
      'manager.sessions',
      'manager.stock',
      'manager.aefi',
      'manager.completeness',
      'manager.quality',
      'manager.certificates',
      'manager.units',
      'staff.search',
      'staff.corrections',
      'staff.links',
      'staff.merge',
      'staff.imports',
      'staff.security',
    ]);
    expect(keys('province_manager')).toEqual([
      'manager.sessions',
      'manager.stock',
      'manager.aefi',
      'manager.completeness',
      'manager.quality',
      'manager.certificates',
      'manager.units',
      'staff.search',
      'staff.corrections',
      'staff.merge',
      'staff.imports',
      'staff.security',
    ]);
    expect(keys('admin')).toEqual([
      'manager.sessions',
      'manager.stock',
      'manager.aefi',
      'manager.completeness',
      'manager.quality',
      'manager.certificates',
      'manager.units',
      'staff.search',
      'staff.corrections',
      'staff.merge',
      'staff.imports',
      'admin.users',
      'admin.apiKeys',
      'staff.security',
    ]);
  });

  it('offers a link only to a role the table lets do what the link leads to', () => {
    for (const link of STAFF_LINKS) {
      for (const [role, who] of Object.entries(ROLES)) {
        const shown = staffLinks(who).includes(link);
        const allowed = link.needs.every((p) => (PERMISSIONS[p] as readonly string[]).includes(role));
        if (shown) expect(allowed, `${link.key} for ${role}`).toBe(true);
      }
    }
  });

  it('sends each role to its natural home after sign-in', () => {
    expect(homeOf(ROLES.site_staff)).toBe('/site');
    expect(homeOf(ROLES.clinic_staff)).toBe('/staff');
    expect(homeOf(ROLES.commune_manager)).toBe('/manager');
    expect(homeOf(ROLES.province_manager)).toBe('/manager');
    expect(homeOf(ROLES.admin)).toBe('/staff?tab=users');
  });

  it('keeps a signed-in person on an area that suits them, else sends them home', () => {
    expect(homeOf(ROLES.clinic_staff, '/site')).toBe('/staff');
    expect(homeOf(ROLES.site_staff, '/manager')).toBe('/site');
    expect(homeOf(ROLES.province_manager, '/staff')).toBe('/staff');
    expect(homeOf(ROLES.commune_manager, '/site')).toBe('/manager');
    expect(homeOf(ROLES.admin, '/manager')).toBe('/manager');
    expect(homeOf(ROLES.site_staff, '/site')).toBe('/site');
  });
});
