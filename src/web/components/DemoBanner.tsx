import { Alert } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../shared/format.ts';
import { currentLang } from '../i18n/index.ts';
import { useOverview } from '../lib/api.ts';

/** A banner on every screen while the instance holds generated demo data. */
export function DemoBanner() {
  const { t } = useTranslation();
  const { data } = useOverview();
  if (!data?.demo) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      radius={0}
      icon={<IconFlask size={18} aria-hidden />}
      data-testid="demo-banner"
      py={6}
    >
      {t('demo.banner', {
        people: formatNumber(data.demo.people, currentLang()),
        province: data.demo.provinceName,
      })}
    </Alert>
  );
}
