import { Alert, Button, Container, Paper, PinInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoAccounts } from '../../components/DemoAccounts.tsx';
import { ResendCode } from '../../components/ResendCode.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';

/** Phone number, then the 6-digit code sent by SMS. */
export function CitizenLogin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState('');
  const [step, setStep] = useState<'phone' | 'code'>('phone');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [resendIn, setResendIn] = useState(60);
  const lang = currentLang();
  const fail = (e: unknown) => setError(problemText(e, lang));

  const sendCode = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sent = await api.auth.requestCode({ body: { phone } });
      setResendIn(sent.resendInSeconds);
      setStep('code');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const verify = async (value: string) => {
    setBusy(true);
    setError(null);
    try {
      await api.auth.verifyCode({ body: { phone, code: value } });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (e) {
      setCode('');
      fail(e);
    } finally {
      setBusy(false);
    }
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
          {error ? (
            <Alert color="red" role="alert" data-testid="login-error">
              {error}
            </Alert>
          ) : null}
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
                  setError(null);
                  return (await api.auth.requestCode({ body: { phone } })).resendInSeconds;
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
