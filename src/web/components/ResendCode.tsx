import { Alert, Button, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import { problemText } from '../lib/forms.ts';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * Under a one-time code's input: "Gửi lại mã sau 0:45" while the server's wait runs, then a button that
 * asks for a new code (`onResend` answers the next wait); a refusal (the server's limits) is shown.
 */
export function ResendCode({
  waitSeconds,
  onResend,
}: {
  waitSeconds: number;
  onResend: () => Promise<number>;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [until, setUntil] = useState(() => Date.now() + waitSeconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((until - now) / 1000));

  const resend = async () => {
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const wait = await onResend();
      const at = Date.now();
      setUntil(at + wait * 1000);
      setNow(at);
      setSent(true);
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      {error ? (
        <Alert color="red" role="alert" data-testid="resend-error">
          {error}
        </Alert>
      ) : null}
      {sent ? (
        <Text size="sm" c="teal" role="status" data-testid="resend-sent">
          {t('common.resend.sent')}
        </Text>
      ) : null}
      {left > 0 ? (
        <Text size="sm" c="dimmed" data-testid="resend-countdown" aria-live="off">
          {t('common.resend.wait', { time: clock(left) })}
        </Text>
      ) : (
        <Button variant="light" onClick={resend} loading={busy} data-testid="resend-code">
          {t('common.resend.button')}
        </Button>
      )}
    </Stack>
  );
}
