import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n/index.ts';

/** VI | EN switch; the choice is remembered on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(value) => setLang(value === 'en' ? 'en' : 'vi')}
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
      data-testid="language-switch"
    />
  );
}
