import {
  Anchor,
  AppShell,
  Burger,
  Group,
  NavLink,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingHospital, IconChartBar, IconHome, IconQrcode, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { DemoBanner } from './DemoBanner.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { StaffNav } from './StaffNav.tsx';

export const AREAS = [
  { path: '/citizen', key: 'citizen', icon: IconUsers },
  { path: '/site', key: 'site', icon: IconBuildingHospital },
  { path: '/manager', key: 'manager', icon: IconChartBar },
  { path: '/verifier', key: 'verifier', icon: IconQrcode },
] as const;

/** The frame of every screen: header with navigation and language switch, a drawer menu on phones. */
export function Layout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();

  const links = [{ path: '/', key: 'home', icon: IconHome } as const, ...AREAS].map((area) => {
    const active = area.path === '/' ? location.pathname === '/' : location.pathname.startsWith(area.path);
    return (
      <NavLink
        key={area.path}
        component={Link}
        to={area.path}
        label={t(`nav.${area.key}`)}
        leftSection={<area.icon size={18} aria-hidden />}
        active={active}
        onClick={close}
        aria-current={active ? 'page' : undefined}
        w={{ base: '100%', md: 'auto' }}
        style={{ borderRadius: 8 }}
      />
    );
  });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 280, breakpoint: 'md', collapsed: { desktop: true, mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header>
        <Anchor href="#main" className="skip-link">
          {t('app.skipToContent')}
        </Anchor>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={opened ? t('app.closeMenu') : t('app.openMenu')}
            />
            <UnstyledButton component={Link} to="/" aria-label={t('nav.home')}>
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" alt="" width={32} height={32} />
                <Text fw={700} c="health.8" visibleFrom="xs">
                  {t('app.name')}
                </Text>
                <VisuallyHidden>{t('app.name')}</VisuallyHidden>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap={4} visibleFrom="md" component="nav" aria-label={t('nav.home')} wrap="nowrap">
            {links}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Group visibleFrom="md">
              <StaffNav variant="menu" />
            </Group>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.home')} style={{ overflowY: 'auto' }}>
        {links}
        <StaffNav variant="list" onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <DemoBanner />
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
        <Text component="footer" size="xs" c="dimmed" ta="center" py="lg" px="md">
          {t('app.footer')}
        </Text>
      </AppShell.Main>
    </AppShell>
  );
}
