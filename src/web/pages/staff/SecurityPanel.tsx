import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';

/** Change one's password; switch on two-factor sign-in with an authenticator app. */
export function SecurityPanel() {
  const { t } = useTranslation();
  const lang = currentLang();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (action: () => Promise<unknown>, done: string) => {
    setMessage(null);
    try {
      await action();
      setMessage({ ok: true, text: done });
    } catch (e) {
      setMessage({
        ok: false,
        text: problemText(e, lang),
      });
    }
  };
  return (
    <Stack>
      {message ? <Alert color={message.ok ? 'green' : 'red'}>{message.text}</Alert> : null}
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="sm">
          {t('staff.security.passwordTitle')}
        </Title>
        <Group align="end" wrap="wrap">
          <PasswordInput
            label={t('staff.security.current')}
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            autoComplete="current-password"
          />
          <PasswordInput
            label={t('staff.security.next')}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            autoComplete="new-password"
          />
          <Button
            onClick={() =>
              run(
                () => api.auth.changePassword({ body: { currentPassword: current, newPassword: next } }),
                t('staff.security.changed'),
              )
            }
          >
            {t('common.save')}
          </Button>
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="sm">
          {t('staff.security.totpTitle')}
        </Title>
        <TotpEnrolment onDone={() => setMessage({ ok: true, text: t('staff.security.totpOn') })} />
      </Paper>
    </Stack>
  );
}
