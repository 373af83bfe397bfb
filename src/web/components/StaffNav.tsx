import { Button, Menu, NavLink, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../lib/auth.ts';
import { signedIn } from '../lib/permissions.ts';
import { STAFF_LINKS, type StaffLink, type StaffNavSection, staffLinks } from '../lib/staff-nav.ts';

const SECTIONS: StaffNavSection[] = ['site', 'manager', 'records', 'admin', 'account'];

/** The signed-in staff member's links, grouped by section (empty when nobody is signed in as staff). */
function useStaffLinks(): { section: StaffNavSection; links: StaffLink[] }[] {
  const me = useMe();
  const actor = me.data?.actor;
  if (!signedIn(actor)) return [];
  const links = staffLinks(actor);
  return SECTIONS.map((section) => ({ section, links: links.filter((l) => l.section === section) })).filter(
    (group) => group.links.length > 0,
  );
}

/** True when the link is the screen shown now (same path, same tab). */
function useActive() {
  const location = useLocation();
  return (to: string) => {
    const [path, query] = to.split('?');
    if (location.pathname !== path) return false;
    const tab = new URLSearchParams(query).get('tab');
    const now = new URLSearchParams(location.search).get('tab');
    // No tab asked: the page's first tab is open, which is its first link.
    if (now === null) return STAFF_LINKS.find((l) => l.to.startsWith(`${path}?`))?.to === to;
    return tab === now;
  };
}

/**
 * The navigation of signed-in staff, generated from the permission table: every screen the person may
 * use, nothing they may not. A menu in the header on wide screens (`variant="menu"`), a list in the
 * burger drawer on phones (`variant="list"`).
 */
export function StaffNav({ variant, onNavigate }: { variant: 'menu' | 'list'; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const groups = useStaffLinks();
  const active = useActive();
  if (groups.length === 0) return null;
  if (variant === 'list') {
    return (
      <Stack gap={2} mt="sm" data-testid="staff-nav">
        {groups.map((group) => (
          <Stack gap={0} key={group.section} role="group" aria-label={t(`nav.staff.${group.section}`)}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs">
              {t(`nav.staff.${group.section}`)}
            </Text>
            {group.links.map((link) => (
              <NavLink
                key={link.key}
                component={Link}
                to={link.to}
                label={t(link.label)}
                active={active(link.to)}
                aria-current={active(link.to) ? 'page' : undefined}
                onClick={onNavigate}
                data-testid={`nav-${link.key}`}
                style={{ borderRadius: 8 }}
              />
            ))}
          </Stack>
        ))}
      </Stack>
    );
  }
  return (
    <Menu position="bottom-end" width={260} shadow="md">
      <Menu.Target>
        <Button
          variant="light"
          size="sm"
          leftSection={<IconUserCircle size={18} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
          data-testid="staff-menu"
        >
          {t('nav.staff.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="staff-nav">
        {groups.map((group, i) => (
          <div key={group.section}>
            {i > 0 ? <Menu.Divider /> : null}
            <Menu.Label>{t(`nav.staff.${group.section}`)}</Menu.Label>
            {group.links.map((link) => (
              <Menu.Item
                key={link.key}
                component={Link}
                to={link.to}
                aria-current={active(link.to) ? 'page' : undefined}
                data-testid={`nav-${link.key}`}
              >
                {t(link.label)}
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
