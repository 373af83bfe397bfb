import { Button, Code, Group, Image, Stack, Text, TextInput } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

/**
 * Two-factor enrolment: a new secret as a QR code for an authenticator app (and as text to type), then
 * the first 6-digit code. Used from the security tab, and at sign-in when the role requires it.
 */
export function TotpEnrolment({ onDone }: { onDone: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  useEffect(() => {
    if (!totp) return;
    let current = true;
    QRCode.toDataURL(totp.uri, { margin: 4, scale: 5 }).then(
      (url) => current && setQr(url),
      () => current && setQr(null),
    );
    return () => {
      current = false;
    };
  }, [totp]);
  const action = useApiAction({ submit: (step: () => Promise<unknown>) => step() });
  const { run, busy } = action;
  return (
    <Stack gap="xs">
      <ProblemAlert problem={action.problem} />
      {totp ? (
        <>
          <Text size="sm">{t('staff.security.totpStarted')}</Text>
          {qr ? <Image src={qr} alt={t('staff.security.totpQr')} w={200} h={200} /> : null}
          <Text size="sm">{t('staff.security.totpScan')}</Text>
          <Code block data-testid="totp-secret">
            {totp.secret}
          </Code>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await api.auth.enableTotp({ body: { code: code } });
                await onDone();
              });
            }}
          >
            <Group align="end">
              <TextInput
                label={t('staff.login.totp')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                data-testid="totp-enrol-code"
              />
              <Button type="submit" loading={busy} disabled={code.length !== 6}>
                {t('staff.login.totpSubmit')}
              </Button>
            </Group>
          </form>
        </>
      ) : (
        <Button
          variant="light"
          loading={busy}
          onClick={() => run(async () => setTotp(await api.auth.setupTotp()))}
          data-testid="totp-start"
        >
          {t('staff.security.totpStart')}
        </Button>
      )}
    </Stack>
  );
}
