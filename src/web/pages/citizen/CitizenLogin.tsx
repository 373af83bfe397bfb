import { Button, Container, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoAccounts } from '../../components/DemoAccounts.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ResendCode } from '../../components/ResendCode.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

/** Phone number, then the 6-digit code sent by SMS. */
export function CitizenLogin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [code, setCode] = useState('');
  const [resendIn, setResendIn] = useState(60);

  const requesting = useApiAction({
    submit: () => api.auth.requestCode({ body: { phone: phone } }),
    onSuccess: (sent) => {
      setResendIn(sent.resendInSeconds);
      setStep('code');
    },
  });
  const verifying = useApiAction({
    submit: (value: string) => api.auth.verifyCode({ body: { phone: phone, code: value } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
    onProblem: () => {
      setCode('');
      return false;
    },
  });
  const busy = requesting.busy || verifying.busy;
  const problem = verifying.problem ?? requesting.problem;
  const sendCode = (event: React.FormEvent) => {
    event.preventDefault();
    verifying.setProblem(null);
    void requesting.run();
  };
  const verify = (value: string) => {
    requesting.setProblem(null);
    return verifying.run(value);
  };

  return (
    <Container size="xs" py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} fz="h2">
            {t('citizen.login.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('citizen.login.lead')}
          </Text>
          <ProblemAlert problem={problem} data-testid="login-error" />
          {step === 'phone' ? (
            <form onSubmit={sendCode}>
              <Stack>
                <TextInput
                  label={t('citizen.login.phone')}
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  value={phone}
                  onChange={(e) => setPhone(e.currentTarget.value)}
                  required
                  data-testid="phone-input"
                />
                <Button type="submit" loading={busy} data-testid="send-code">
                  {t('citizen.login.sendCode')}
                </Button>
              </Stack>
            </form>
          ) : (
            <Stack>
              <Text size="sm">{t('citizen.login.codeSent')}</Text>
              <Text size="sm" fw={500} id="code-label">
                {t('citizen.login.code')}
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                autoFocus
                value={code}
                onChange={setCode}
                onComplete={verify}
                aria-labelledby="code-label"
                data-testid="code-input"
              />
              <Button onClick={() => verify(code)} loading={busy} disabled={code.length !== 6}>
                {t('citizen.login.verify')}
              </Button>
              <ResendCode
                waitSeconds={resendIn}
                onResend={async () => {
                  setCode('');
                  requesting.setProblem(null);
                  verifying.setProblem(null);
                  return (await api.auth.requestCode({ body: { phone: phone } })).resendInSeconds;
                }}
              />
              <Button variant="subtle" onClick={() => setStep('phone')}>
                {t('citizen.login.changePhone')}
              </Button>
            </Stack>
          )}
          <DemoAccounts kind="citizen" onPick={setPhone} />
        </Stack>
      </Paper>
    </Container>
  );
}
