import { Badge, Center, Container, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useSearchParams } from 'react-router';
import { SignOutButton } from '../../components/SignOutButton.tsx';
import { useMe } from '../../lib/auth.ts';
import { can, signedIn } from '../../lib/permissions.ts';
import { ImportsPanel } from '../imports/ImportsPanel.tsx';
import { ApiKeysAdmin } from './ApiKeysAdmin.tsx';
import { CorrectionsQueue } from './CorrectionsQueue.tsx';
import { LinkRequestsPanel } from './LinkRequestsPanel.tsx';
import { MergePanel } from './MergePanel.tsx';
import { PeopleSearch } from './PeopleSearch.tsx';
import { SecurityPanel } from './SecurityPanel.tsx';
import { StaffLogin } from './StaffLogin.tsx';
import { StaffPersonPage } from './StaffPersonPage.tsx';
import { UsersAdmin } from './UsersAdmin.tsx';

/** The staff area: sign-in, then search, the correction queue, merges and (for admins) accounts. */
export function StaffArea() {
  const me = useMe();
  if (me.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  const actor = me.data?.actor;
  if (!signedIn(actor)) return <StaffLogin actor={actor} />;
  return (
    <Routes>
      <Route index element={<StaffWorkspace />} />
      <Route path="people/:id" element={<StaffPersonPage />} />
    </Routes>
  );
}

function StaffWorkspace() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const actor = me.data?.actor;
  if (actor?.kind !== 'staff') return null;
  const merger = can(actor, 'people.merge');
  const importer = can(actor, 'imports.run');
  const admin = can(actor, 'users.manage');
  const keyAdmin = can(actor, 'api_keys.manage');
  const linkConfirmer = can(actor, 'household_links.confirm');
  const open = [
    'search',
    'corrections',
    'security',
    ...(merger ? ['merge'] : []),
    ...(importer ? ['imports'] : []),
    ...(admin ? ['users'] : []),
    ...(linkConfirmer ? ['links'] : []),
    ...(keyAdmin ? ['api-keys'] : []),
  ];
  const asked = params.get('tab');
  const tab = asked && open.includes(asked) ? asked : 'search';
  return (
    <Container size="lg" py="xl">
      <Stack>
        <Group justify="space-between">
          <div>
            <Title order={1} fz="h2">
              {actor.displayName}
            </Title>
            <Group gap="xs">
              <Badge variant="light">{t(`common.roles.${actor.role}`)}</Badge>
              <Text size="sm" c="dimmed">
                {actor.username}
              </Text>
            </Group>
          </div>
          <SignOutButton />
        </Group>
        <Tabs
          value={tab}
          onChange={(value) => setParams(value ? { tab: value } : {}, { replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="search" data-testid="tab-search">
              {t('staff.tabs.search')}
            </Tabs.Tab>
            <Tabs.Tab value="corrections" data-testid="tab-queue">
              {t('staff.tabs.corrections')}
            </Tabs.Tab>
            {merger ? <Tabs.Tab value="merge">{t('staff.tabs.merge')}</Tabs.Tab> : null}
            {importer ? (
              <Tabs.Tab value="imports" data-testid="tab-imports">
                {t('imports.tab')}
              </Tabs.Tab>
            ) : null}
            {admin ? <Tabs.Tab value="users">{t('staff.tabs.users')}</Tabs.Tab> : null}
            {linkConfirmer ? (
              <Tabs.Tab value="links" data-testid="tab-links">
                {t('staff.tabs.links')}
              </Tabs.Tab>
            ) : null}
            {keyAdmin ? (
              <Tabs.Tab value="api-keys" data-testid="tab-api-keys">
                {t('staff.tabs.apiKeys')}
              </Tabs.Tab>
            ) : null}
            <Tabs.Tab value="security">{t('staff.security.tab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="search" pt="md">
            <PeopleSearch />
          </Tabs.Panel>
          <Tabs.Panel value="corrections" pt="md">
            <CorrectionsQueue />
          </Tabs.Panel>
          {merger ? (
            <Tabs.Panel value="merge" pt="md">
              <MergePanel />
            </Tabs.Panel>
          ) : null}
          {importer ? (
            <Tabs.Panel value="imports" pt="md">
              <ImportsPanel actor={actor} />
            </Tabs.Panel>
          ) : null}
          <Tabs.Panel value="security" pt="md">
            <SecurityPanel />
          </Tabs.Panel>
          {admin ? (
            <Tabs.Panel value="users" pt="md">
              <UsersAdmin />
            </Tabs.Panel>
          ) : null}
          {linkConfirmer ? (
            <Tabs.Panel value="links" pt="md">
              <LinkRequestsPanel />
            </Tabs.Panel>
          ) : null}
          {keyAdmin ? (
            <Tabs.Panel value="api-keys" pt="md">
              <ApiKeysAdmin />
            </Tabs.Panel>
          ) : null}
        </Tabs>
      </Stack>
    </Container>
  );
}
