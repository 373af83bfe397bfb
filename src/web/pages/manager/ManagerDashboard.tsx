import { Alert, Badge, Button, Container, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBuildingWarehouse,
  IconCalendarStats,
  IconCertificate,
  IconChartBar,
  IconListCheck,
  IconMap2,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { SignOutButton } from '../../components/SignOutButton.tsx';
import { can, type StaffMe } from '../../lib/permissions.ts';
import { AefiTab } from './AefiTab.tsx';
import { CertificatesTab } from './CertificatesTab.tsx';
import { CompletenessTab } from './CompletenessTab.tsx';
import { DataQualityTab } from './DataQualityTab.tsx';
import { SessionsTab } from './SessionsTab.tsx';
import { StockTab } from './StockTab.tsx';
import { UnitLookup } from './UnitLookup.tsx';

const TABS = ['sessions', 'stock', 'aefi', 'completeness', 'quality', 'certificates', 'units'] as const;
type Tab = (typeof TABS)[number];

/**
 * The signed-in manager's dashboard: sessions, stock by site, AEFI with alerts, data completeness,
 * data quality, and the unit lookup.
 */
export function ManagerDashboard({ actor }: { actor: StaffMe }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The dashboard's tabs are the managers' (alerts.read: admins, province and commune managers).
  const manager = can(actor, 'alerts.read');
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = manager ? (asked && TABS.includes(asked) ? asked : 'sessions') : 'units';
  return (
    <Container size="xl" py="xl">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <div>
            <Title order={1} fz="h2">
              {t('manager.title')}
            </Title>
            <Group gap="xs">
              <Badge variant="light">{t(`common.roles.${actor.role}`)}</Badge>
              <Text size="sm" c="dimmed">
                {actor.displayName}
              </Text>
            </Group>
          </div>
          <SignOutButton />
        </Group>
        {manager ? null : (
          <Alert color="yellow" role="status">
            {t('manager.notManager')}{' '}
            <Button component={Link} to="/site" variant="light" size="xs" ml="xs">
              {t('manager.openSite')}
            </Button>
          </Alert>
        )}
        <Tabs
          value={tab}
          onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            {manager ? (
              <>
                <Tabs.Tab
                  value="sessions"
                  data-testid="tab-sessions"
                  leftSection={<IconCalendarStats size={16} aria-hidden />}
                >
                  {t('manager.tabs.sessions')}
                </Tabs.Tab>
                <Tabs.Tab
                  value="stock"
                  data-testid="tab-stock"
                  leftSection={<IconBuildingWarehouse size={16} aria-hidden />}
                >
                  {t('manager.tabs.stock')}
                </Tabs.Tab>
                <Tabs.Tab
                  value="aefi"
                  data-testid="tab-aefi"
                  leftSection={<IconAlertTriangle size={16} aria-hidden />}
                >
                  {t('manager.tabs.aefi')}
                </Tabs.Tab>
                <Tabs.Tab
                  value="completeness"
                  data-testid="tab-completeness"
                  leftSection={<IconChartBar size={16} aria-hidden />}
                >
                  {t('manager.completeness.tab')}
                </Tabs.Tab>
                <Tabs.Tab
                  value="quality"
                  data-testid="tab-quality"
                  leftSection={<IconListCheck size={16} aria-hidden />}
                >
                  {t('manager.quality.tab')}
                </Tabs.Tab>
                {can(actor, 'certificates.revoke') ? (
                  <Tabs.Tab
                    value="certificates"
                    data-testid="tab-certificates"
                    leftSection={<IconCertificate size={16} aria-hidden />}
                  >
                    {t('manager.certificates.tab')}
                  </Tabs.Tab>
                ) : null}
              </>
            ) : null}
            <Tabs.Tab value="units" data-testid="tab-units" leftSection={<IconMap2 size={16} aria-hidden />}>
              {t('manager.tabs.units')}
            </Tabs.Tab>
          </Tabs.List>
          {manager ? (
            <>
              <Tabs.Panel value="sessions" pt="md">
                <SessionsTab />
              </Tabs.Panel>
              <Tabs.Panel value="stock" pt="md">
                <StockTab />
              </Tabs.Panel>
              <Tabs.Panel value="aefi" pt="md">
                <AefiTab />
              </Tabs.Panel>
              <Tabs.Panel value="completeness" pt="md">
                <CompletenessTab />
              </Tabs.Panel>
              <Tabs.Panel value="quality" pt="md">
                <DataQualityTab actor={actor} />
              </Tabs.Panel>
              <Tabs.Panel value="certificates" pt="md">
                <CertificatesTab />
              </Tabs.Panel>
            </>
          ) : null}
          <Tabs.Panel value="units" pt="md">
            <UnitLookup />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Container>
  );
}
