import {
  Alert,
  Button,
  Container,
  Paper,
  PasswordInput,
  PinInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../shared/schemas/accounts.ts';
import { DemoAccounts } from '../../components/DemoAccounts.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { signedIn } from '../../lib/permissions.ts';
import { homeOf } from '../../lib/staff-nav.ts';
import { TotpEnrolment } from './TotpEnrolment.tsx';

/**
 * Username and password, then the TOTP code when the account has two factors, or the enrolment when
 * the role must use two factors and the account has none yet.
 */
export function StaffLogin({ actor }: { actor: Me['actor'] | undefined }) {
  const needsTotp = actor?.kind === 'staff' && actor.needsTotp;
  const needsSetup = actor?.kind === 'staff' && !actor.needsTotp && actor.needsTotpSetup;
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const navigate = useNavigate();
  const location = useLocation();
  const signIn = useApiAction({
    submit: (action: () => Promise<unknown>) => action(),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      // Signed in: stay on this area when it is one the person works in, else go to their home.
      const now = queryClient.getQueryData<Me>(['me'])?.actor;
      if (signedIn(now)) {
        const home = homeOf(now, location.pathname);
        if (home !== location.pathname) navigate(home);
      }
    },
  });
  const { run, busy } = signIn;

  return (
    <Container size="xs" py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} fz="h2">
            {t('staff.login.title')}
          </Title>
          <ProblemAlert problem={signIn.problem} />
          {needsSetup ? (
            <Stack data-testid="totp-required">
              <Alert color="blue">{t('staff.login.totpRequired')}</Alert>
              <TotpEnrolment onDone={() => queryClient.invalidateQueries({ queryKey: ['me'] })} />
            </Stack>
          ) : needsTotp ? (
            <Stack>
              <Text size="sm" fw={500} id="totp-label">
                {t('staff.login.totp')}
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                autoFocus
                value={code}
                onChange={setCode}
                onComplete={(v) => run(() => api.auth.staffTotp({ body: { code: v } }))}
                aria-labelledby="totp-label"
              />
              <Button
                loading={busy}
                disabled={code.length !== 6}
                onClick={() => run(() => api.auth.staffTotp({ body: { code: code } }))}
              >
                {t('staff.login.totpSubmit')}
              </Button>
            </Stack>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.auth.staffLogin({ body: { username: username, password: password } }));
              }}
            >
              <Stack>
                <TextInput
                  label={t('staff.login.username')}
                  autoComplete="username"
                  value={username}
                  onChange={(e) => setUsername(e.currentTarget.value)}
                  required
                  data-testid="staff-username"
                />
                <PasswordInput
                  label={t('staff.login.password')}
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  required
                  data-testid="staff-password"
                />
                <Button type="submit" loading={busy} data-testid="staff-submit">
                  {t('staff.login.submit')}
                </Button>
              </Stack>
            </form>
          )}
          {needsTotp || needsSetup ? null : <DemoAccounts kind="staff" onPick={setUsername} />}
        </Stack>
      </Paper>
    </Container>
  );
}
