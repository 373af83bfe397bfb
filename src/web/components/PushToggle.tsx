import { Alert, Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.ts';
import { problemText } from '../lib/forms.ts';
import { PushDeniedError, usePush } from '../lib/push.ts';

/**
 * "Notifications on this device": subscribes this browser to Web Push. Hidden where the browser cannot
 * receive push (no PushManager, or a page not served over HTTPS); explains a refused permission.
 */
export function PushToggle({ withDescription = true }: { withDescription?: boolean }) {
  const { t } = useTranslation();
  const push = usePush();
  if (!push.supported) return null;
  const denied = push.permission === 'denied';
  const error =
    push.error && !(push.error instanceof PushDeniedError) ? problemText(push.error, currentLang()) : null;
  return (
    <Stack gap="xs">
      <Switch
        label={t('notify.push.label')}
        description={withDescription ? t('notify.push.description') : undefined}
        checked={push.subscribed && !denied}
        disabled={denied || push.busy}
        onChange={(event) => push.setEnabled(event.currentTarget.checked)}
        data-testid="push-toggle"
      />
      {denied && (
        <Alert color="yellow" role="status" title={t('notify.push.deniedTitle')}>
          <Text size="sm">{t('notify.push.denied')}</Text>
        </Alert>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {t('notify.push.failed')} {error}
        </Text>
      )}
    </Stack>
  );
}
