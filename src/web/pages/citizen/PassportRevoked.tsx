import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCertificateOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import type { RevokedPassport } from '../../../shared/schemas/certificates.ts';
import { currentLang } from '../../i18n/index.ts';

/**
 * A revoked certificate, in plain words: when and why, and what to do — a button for a new certificate
 * where the rules allow it, otherwise whom to contact. Not an error (no retry).
 */
export function PassportRevoked({
  passport,
  onReissue,
  reissuing,
  error,
}: {
  passport: RevokedPassport;
  onReissue: () => void;
  reissuing: boolean;
  error: string | null;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const date = formatDate(vietnamDate(new Date(passport.revokedAt)), lang);
  const contact = passport.contact
    ? t('passport.revoked.stationOr', { facility: passport.contact })
    : t('passport.revoked.station');
  return (
    <Card
      withBorder
      style={{ borderLeft: '8px solid #5c636a' }}
      data-testid="passport-revoked"
      data-reason={passport.reason}
      data-can-reissue={passport.canReissue}
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconCertificateOff size={32} color="#5c636a" aria-hidden />
          <Title order={2} fz="h3">
            {t('passport.revoked.title')}
          </Title>
        </Group>
        <Text data-testid="passport-revoked-reason">
          {t('passport.revoked.when', { date, why: t(`passport.revoked.why.${passport.reason}`) })}
        </Text>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('passport.revoked.oldQr', { uvci: passport.uvci })}
        </Text>
        <Text fw={600} data-testid="passport-revoked-next">
          {passport.canReissue
            ? t('passport.revoked.canReissue')
            : passport.blockedBy === 'no_doses'
              ? t('passport.revoked.noDoses', { contact })
              : t('passport.revoked.recordUnchanged', { contact })}
        </Text>
        {passport.canReissue ? (
          <Button onClick={onReissue} loading={reissuing} data-testid="passport-reissue">
            {t('passport.revoked.reissue')}
          </Button>
        ) : null}
        {error ? (
          <Alert color="red" role="alert" data-testid="passport-reissue-error">
            {error}
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}
