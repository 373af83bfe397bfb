import { Badge, Center, Container, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { vietnamDate } from '../../shared/format.ts';
import { AreaIntro } from '../components/AreaIntro.tsx';
import { SignOutButton } from '../components/SignOutButton.tsx';
import { can, ownFacility, signedIn } from '../lib/permissions.ts';
import { ImportsPanel } from './imports/ImportsPanel.tsx';
import { DataQualityTab } from './manager/DataQualityTab.tsx';
import { DayList } from './site/DayList.tsx';
import { ObservationList } from './site/ObservationList.tsx';
import { OfflineBanner, OfflineQueue, OfflineQueueNotice } from './site/OfflineQueue.tsx';
import { OfflineSite, useSiteActor } from './site/OfflineSite.tsx';
import { SessionsPanel } from './site/SessionsPanel.tsx';
import { StockPanel } from './site/StockPanel.tsx';
import { TallyForm } from './site/TallyForm.tsx';
import { VaccineCatalogue } from './site/VaccineCatalogue.tsx';
import { StaffLogin } from './staff/StaffLogin.tsx';

/**
 * The vaccination-site area: signed-in site staff get the day (list, check-in, screening, dose
 * entry), the observation list, sessions, stock and the catalogue; others see the sign-in. Without a
 * network the day list and dose entry keep working (see OfflineSite: saved day, queued doses, sync).
 */
export function SitePage() {
  const { t } = useTranslation();
  const me = useSiteActor();
  const [params, setParams] = useSearchParams();
  if (me.pending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  const actor = me.actor;
  if (!signedIn(actor))
    return (
      <AreaIntro area="site">
        <Text>{t('site.signInLead')}</Text>
        <OfflineQueueNotice />
        <StaffLogin actor={actor} />
        <VaccineCatalogue />
      </AreaIntro>
    );
  const facilityId = ownFacility(actor);
  const open = [
    'catalogue',
    ...(facilityId ? ['today', 'observation', 'sessions', 'stock', 'quality'] : []),
    ...(facilityId && can(actor, 'imports.run') ? ['imports'] : []),
    ...(facilityId && can(actor, 'tallies.report') ? ['tally'] : []),
  ];
  const asked = params.get('tab');
  const tab = asked && open.includes(asked) ? asked : facilityId ? 'today' : 'catalogue';
  const page = (
    <Container size="xl" py="lg">
      <Stack>
        <Group justify="space-between">
          <div>
            <Title order={1} fz="h2">
              {t('site.title')}
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
        {facilityId ? (
          <>
            <OfflineBanner />
            <OfflineQueue />
          </>
        ) : null}
        <Tabs
          value={tab}
          onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            {facilityId ? (
              <>
                <Tabs.Tab value="today" data-testid="tab-today">
                  {t('site.tabs.today')}
                </Tabs.Tab>
                <Tabs.Tab value="observation" data-testid="tab-observation">
                  {t('site.tabs.observation')}
                </Tabs.Tab>
                <Tabs.Tab value="sessions" data-testid="tab-sessions">
                  {t('site.tabs.sessions')}
                </Tabs.Tab>
                <Tabs.Tab value="stock" data-testid="tab-stock">
                  {t('site.tabs.stock')}
                </Tabs.Tab>
                {can(actor, 'imports.run') ? (
                  <Tabs.Tab value="imports" data-testid="tab-imports">
                    {t('imports.tab')}
                  </Tabs.Tab>
                ) : null}
                {can(actor, 'tallies.report') ? (
                  <Tabs.Tab value="tally" data-testid="tab-tally">
                    {t('site.tally.tab')}
                  </Tabs.Tab>
                ) : null}
                <Tabs.Tab value="quality" data-testid="tab-quality">
                  {t('site.qualityTab')}
                </Tabs.Tab>
              </>
            ) : null}
            <Tabs.Tab value="catalogue">{t('site.tabs.catalogue')}</Tabs.Tab>
          </Tabs.List>
          {facilityId ? (
            <>
              <Tabs.Panel value="today" pt="md">
                <DayList facilityId={facilityId} />
              </Tabs.Panel>
              <Tabs.Panel value="observation" pt="md">
                <ObservationList facilityId={facilityId} />
              </Tabs.Panel>
              <Tabs.Panel value="sessions" pt="md">
                <SessionsPanel facilityId={facilityId} today={vietnamDate()} />
              </Tabs.Panel>
              <Tabs.Panel value="stock" pt="md">
                <StockPanel facilityId={facilityId} />
              </Tabs.Panel>
              {can(actor, 'imports.run') ? (
                <Tabs.Panel value="imports" pt="md">
                  <ImportsPanel actor={actor} />
                </Tabs.Panel>
              ) : null}
              {can(actor, 'tallies.report') ? (
                <Tabs.Panel value="tally" pt="md">
                  <TallyForm facilityId={facilityId} today={vietnamDate()} />
                </Tabs.Panel>
              ) : null}
              <Tabs.Panel value="quality" pt="md">
                <DataQualityTab actor={actor} fixed={{}} />
              </Tabs.Panel>
            </>
          ) : null}
          <Tabs.Panel value="catalogue" pt="md">
            <VaccineCatalogue />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </Container>
  );
  return facilityId ? (
    <OfflineSite actor={actor} facilityId={facilityId} fromDevice={me.fromDevice}>
      {page}
    </OfflineSite>
  ) : (
    page
  );
}
