import { z } from 'zod';

/**
 * What a staff principal may do, by name. The server's policy module maps roles to these
 * (src/server/policy/permissions.ts); `/api/auth/me` sends the signed-in principal's list, so screens
 * ask `can('doses.record')` instead of re-typing the role table.
 */
export const PERMISSION_NAMES = [
  'people.read',
  'people.write',
  'people.identify',
  'people.merge',
  'household_links.confirm',
  'corrections.review',
  'doses.record',
  'doses.read_own',
  'doses.void',
  'visits.run',
  'stock.read',
  'stock.manage',
  'sessions.manage',
  'aefi.record',
  'aefi.read',
  'alerts.read',
  'tallies.report',
  'tallies.read',
  'completeness.read',
  'facilities.read',
  'imports.run',
  'certificates.read',
  'certificates.revoke',
  'campaigns.manage',
  'users.manage',
  'api_keys.manage',
  'audit.read',
  'account.self',
] as const;

export const permissionSchema = z.enum(PERMISSION_NAMES);
export type PermissionName = z.infer<typeof permissionSchema>;
