import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';

/** Change one's password; switch on two-factor sign-in with an authenticator app. */
export function SecurityPanel() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const action = useApiAction({
    submit: ({ step }: { step: () => Promise<unknown>; done: string }) => step(),
    onSuccess: (_, { done }) => setMessage({ ok: true, text: done }),
  });
  const run = (step: () => Promise<unknown>, done: string) => {
    setMessage(null);
    return action.run({ step, done });
  };
  return (
    <Stack>
      {message ? <Alert color="green">{message.text}</Alert> : null}
      <ProblemAlert problem={action.problem} />
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
            loading={action.busy}
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
