import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';

/** Change one's password; switch on two-factor sign-in with an authenticator app. */
export function SecurityPanel() {
  const { t } = useTranslation();
  const lang = currentLang();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
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
          <Button onClick={() => run(() => api.changePassword(current, next), t('staff.security.changed'))}>
            {t('common.save')}
          </Button>
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="sm">
          {t('staff.security.totpTitle')}
        </Title>
        {totp ? (
          <Stack gap="xs">
            <Text size="sm">{t('staff.security.totpScan')}</Text>
            <Code block>{totp.secret}</Code>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {totp.uri}
            </Text>
            <Group align="end">
              <TextInput
                label={t('staff.login.totp')}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                inputMode="numeric"
                maxLength={6}
              />
              <Button onClick={() => run(() => api.enableTotp(code), t('staff.security.totpOn'))}>
                {t('staff.login.totpSubmit')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Button
            variant="light"
            onClick={() => run(async () => setTotp(await api.setupTotp()), t('staff.security.totpStarted'))}
          >
            {t('staff.security.totpStart')}
          </Button>
        )}
      </Paper>
    </Stack>
  );
}
