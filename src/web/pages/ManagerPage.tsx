import { Center, Container, Loader, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../lib/auth.ts';
import { signedIn } from '../lib/permissions.ts';
import { ManagerDashboard } from './manager/ManagerDashboard.tsx';
import { UnitLookup } from './manager/UnitLookup.tsx';
import { StaffLogin } from './staff/StaffLogin.tsx';

/**
 * The manager area: signed-in staff get the dashboard (sessions, stock by site, AEFI and alerts);
 * anyone else gets the staff sign-in, and the public unit lookup below it.
 */
export function ManagerPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="…" />
      </Center>
    );
  }
  const actor = me.data?.actor;
  if (signedIn(actor)) return <ManagerDashboard actor={actor} />;
  return (
    <Stack gap={0}>
      <StaffLogin actor={actor} />
      <Container size="lg" pb="xl" w="100%">
        <Title order={2} fz="h3" mb="sm">
          {t('manager.tabs.units')}
        </Title>
        <UnitLookup />
      </Container>
    </Stack>
  );
}
