import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import { currentLang } from '../../i18n/index.ts';

/** A lot's expiry date with a badge: red when expired, orange within 30 days. */
export function ExpiryBadge({
  expiresOn,
  warning,
}: {
  expiresOn: string;
  warning: 'expired' | 'expiring' | null;
}) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {formatDate(expiresOn, currentLang())}
      </Text>
      {warning ? (
        <Badge
          color={warning === 'expired' ? 'red' : 'orange'}
          variant={warning === 'expired' ? 'filled' : 'light'}
          data-warning={warning}
          style={{ flexShrink: 0 }}
          title={t(`manager.stock.${warning}`)}
        >
          {t(warning === 'expired' ? 'manager.stock.expired' : 'manager.stock.expiringShort')}
        </Badge>
      ) : null}
    </Group>
  );
}

/** Today in Vietnam (UTC+7) as YYYY-MM-DD, plus a number of days. */
export function vietnamDay(offsetDays = 0): string {
  return vietnamDate(new Date(), offsetDays);
}
