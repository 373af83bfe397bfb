import type { PermissionName } from '../../shared/schemas/permissions.ts';
import { can, ownFacility, type StaffMe } from './permissions.ts';

/** The groups of the staff navigation, in the order they are shown. */
export type StaffNavSection = 'site' | 'manager' | 'records' | 'admin' | 'account';

/** One place a signed-in staff member can go, and what the server must allow for it to work. */
export interface StaffLink {
  key: string;
  section: StaffNavSection;
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Every permission the page behind the link uses. */
  needs: readonly PermissionName[];
  /** The page works only for a person bound to a facility (the site's own screens). */
  facility?: boolean;
}

/**
 * Every link of the staff navigation. A link is offered only when the permission table gives the
 * person all it `needs` (the server checks again on every request; this only decides what to offer).
 */
export const STAFF_LINKS: readonly StaffLink[] = [
  {
    key: 'site.today',
    section: 'site',
    to: '/site?tab=today',
    label: 'site.tabs.today',
    needs: ['visits.run'],
    facility: true,
  },
  {
    key: 'site.observation',
    section: 'site',
    to: '/site?tab=observation',
    label: 'site.tabs.observation',
    needs: ['visits.run'],
    facility: true,
  },
  {
    key: 'site.sessions',
    section: 'site',
    to: '/site?tab=sessions',
    label: 'site.tabs.sessions',
    needs: ['sessions.manage', 'visits.run'],
    facility: true,
  },
  {
    key: 'site.stock',
    section: 'site',
    to: '/site?tab=stock',
    label: 'site.tabs.stock',
    needs: ['stock.manage', 'visits.run'],
    facility: true,
  },
  {
    key: 'site.tally',
    section: 'site',
    to: '/site?tab=tally',
    label: 'site.tally.tab',
    needs: ['tallies.report', 'visits.run'],
    facility: true,
  },
  {
    key: 'manager.sessions',
    section: 'manager',
    to: '/manager?tab=sessions',
    label: 'manager.tabs.sessions',
    needs: ['alerts.read', 'sessions.manage'],
  },
  {
    key: 'manager.stock',
    section: 'manager',
    to: '/manager?tab=stock',
    label: 'manager.tabs.stock',
    needs: ['alerts.read', 'stock.read'],
  },
  {
    key: 'manager.aefi',
    section: 'manager',
    to: '/manager?tab=aefi',
    label: 'manager.tabs.aefi',
    needs: ['alerts.read', 'aefi.read'],
  },
  {
    key: 'manager.completeness',
    section: 'manager',
    to: '/manager?tab=completeness',
    label: 'manager.completeness.tab',
    needs: ['alerts.read', 'completeness.read'],
  },
  {
    key: 'manager.quality',
    section: 'manager',
    to: '/manager?tab=quality',
    label: 'manager.quality.tab',
    needs: ['alerts.read'],
  },
  {
    key: 'manager.certificates',
    section: 'manager',
    to: '/manager?tab=certificates',
    label: 'manager.certificates.tab',
    needs: ['alerts.read', 'certificates.revoke'],
  },
  {
    key: 'manager.units',
    section: 'manager',
    to: '/manager?tab=units',
    label: 'manager.tabs.units',
    needs: ['alerts.read'],
  },
  {
    key: 'staff.search',
    section: 'records',
    to: '/staff?tab=search',
    label: 'staff.tabs.search',
    needs: ['people.read'],
  },
  {
    key: 'staff.corrections',
    section: 'records',
    to: '/staff?tab=corrections',
    label: 'staff.tabs.corrections',
    needs: ['corrections.review'],
  },
  {
    key: 'staff.links',
    section: 'records',
    to: '/staff?tab=links',
    label: 'staff.tabs.links',
    needs: ['household_links.confirm'],
  },
  {
    key: 'staff.merge',
    section: 'records',
    to: '/staff?tab=merge',
    label: 'staff.tabs.merge',
    needs: ['people.merge'],
  },
  {
    key: 'staff.imports',
    section: 'records',
    to: '/staff?tab=imports',
    label: 'imports.tab',
    needs: ['imports.run'],
  },
  {
    key: 'admin.users',
    section: 'admin',
    to: '/staff?tab=users',
    label: 'staff.tabs.users',
    needs: ['users.manage'],
  },
  {
    key: 'admin.apiKeys',
    section: 'admin',
    to: '/staff?tab=api-keys',
    label: 'staff.tabs.apiKeys',
    needs: ['api_keys.manage'],
  },
  {
    key: 'staff.security',
    section: 'account',
    to: '/staff?tab=security',
    label: 'staff.security.tab',
    needs: ['account.self'],
  },
];

/** The links this signed-in staff member gets: everything they may do, nothing they may not. */
export function staffLinks(actor: StaffMe): StaffLink[] {
  return STAFF_LINKS.filter(
    (link) => link.needs.every((p) => can(actor, p)) && (!link.facility || Boolean(ownFacility(actor))),
  );
}

/** True when an area (`/site`, `/manager`, `/staff`) is one this person works in. */
export function suits(actor: StaffMe, area: string): boolean {
  if (area.startsWith('/site')) return can(actor, 'visits.run') && Boolean(ownFacility(actor));
  if (area.startsWith('/manager')) return can(actor, 'alerts.read');
  if (area.startsWith('/staff')) return true;
  return false;
}

/**
 * Where a person lands after signing in: the area they signed in on when it suits them, else their
 * natural home (site staff the site's day, managers the dashboard, admins the accounts, clinic staff
 * the records workspace).
 */
export function homeOf(actor: StaffMe, signedInOn?: string): string {
  if (signedInOn && suits(actor, signedInOn)) return signedInOn;
  if (suits(actor, '/site')) return '/site';
  if (can(actor, 'users.manage')) return '/staff?tab=users';
  if (can(actor, 'alerts.read')) return '/manager';
  return '/staff';
}
