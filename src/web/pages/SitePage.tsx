import { Badge, Button, Center, Container, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AreaIntro } from '../components/AreaIntro.tsx';
import { useMe, useSignOut } from '../lib/auth.ts';
import { DayList } from './site/DayList.tsx';
import { ObservationList } from './site/ObservationList.tsx';
import { SessionsPanel } from './site/SessionsPanel.tsx';
import { StockPanel } from './site/StockPanel.tsx';
import { VaccineCatalogue } from './site/VaccineCatalogue.tsx';
import { StaffLogin } from './staff/StaffLogin.tsx';

/** Today's date in Vietnam (the day a site works in), as YYYY-MM-DD. */
function vietnamToday(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The vaccination-site area: signed-in site staff get the day (list, check-in, screening, dose
 * entry), the observation list, sessions, stock and the catalogue; others see the sign-in.
 */
export function SitePage() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  if (me.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  const actor = me.data?.actor;
  if (actor?.kind !== 'staff' || actor.needsTotp)
    return (
      <AreaIntro area="site">
        <Text>{t('site.signInLead')}</Text>
        <StaffLogin needsTotp={actor?.kind === 'staff' && actor.needsTotp} />
        <VaccineCatalogue />
      </AreaIntro>
    );
  const facilityId = actor.scope.kind === 'facility' ? actor.scope.facilityId : undefined;
  return (
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
          <Button variant="subtle" onClick={signOut}>
            {t('common.signOut')}
          </Button>
        </Group>
        <Tabs defaultValue={facilityId ? 'today' : 'catalogue'} keepMounted={false}>
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
                <SessionsPanel facilityId={facilityId} today={vietnamToday()} />
              </Tabs.Panel>
              <Tabs.Panel value="stock" pt="md">
                <StockPanel facilityId={facilityId} />
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
}
