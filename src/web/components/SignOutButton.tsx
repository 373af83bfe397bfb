import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../lib/auth.ts';
import { useOfflineQueue } from '../lib/offline-hooks.ts';

/**
 * The one sign-out button of every screen. Signing out takes the personal data kept on this device
 * with it (the day list, cached records and the queue of doses entered offline — a shared device is
 * the norm at a site), so with doses not yet sent it asks first: signing out deletes them.
 */
export function SignOutButton() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const { items } = useOfflineQueue();
  const [asking, setAsking] = useState(false);
  const leave = async () => {
    setAsking(false);
    await signOut();
  };
  return (
    <>
      <Button variant="subtle" onClick={() => (items.length ? setAsking(true) : void leave())}>
        {t('common.signOut')}
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={t('site.offline.signOutTitle')} centered>
        <Stack>
          <Text size="sm">{t('site.offline.signOutBody', { count: items.length })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
              {t('site.offline.signOutStay')}
            </Button>
            <Button color="red" onClick={() => void leave()} data-testid="signout-discard">
              {t('site.offline.signOutDiscard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
