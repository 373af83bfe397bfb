import { Button, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiAction } from '../lib/api-form.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

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
  const [until, setUntil] = useState(() => Date.now() + waitSeconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  const [sent, setSent] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((until - now) / 1000));

  const resending = useApiAction({
    submit: () => onResend(),
    onSuccess: (wait) => {
      const at = Date.now();
      setUntil(at + wait * 1000);
      setNow(at);
      setSent(true);
    },
  });
  const resend = () => {
    setSent(false);
    void resending.run();
  };

  return (
    <Stack gap="xs">
      <ProblemAlert problem={resending.problem} data-testid="resend-error" />
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
        <Button variant="light" onClick={resend} loading={resending.busy} data-testid="resend-code">
          {t('common.resend.button')}
        </Button>
      )}
    </Stack>
  );
}
