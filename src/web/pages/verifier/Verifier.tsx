import { Anchor, Badge, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconWifiOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { webPlatform } from '../../../shared/certificate/platform.web.ts';
import { verifyQr } from '../../../shared/certificate/verify.ts';
import { InputPanel } from './InputPanel.tsx';
import { type Checked, ResultCard } from './ResultCard.tsx';
import {
  type BusinessRules,
  evaluateRules,
  loadRules,
  parseValidationTime,
  saveRules,
  verdictOf,
} from './rules.ts';
import { SettingsPanel } from './SettingsPanel.tsx';
import { buildTrust } from './trust-cache.ts';
import { useTrust } from './useTrust.ts';

/**
 * The certificate verifier: EU DCC and SMART Health Cards checked on the device against the trust
 * lists cached here (works offline once loaded), with the checkpoint's business rules on top.
 */
export function Verifier() {
  const { t } = useTranslation();
  const trust = useTrust();
  const [rules, setRules] = useState<BusinessRules>(() => loadRules());
  const [atText, setAtText] = useState('');
  const [checked, setChecked] = useState<Checked>();
  // On a phone the answer comes right under the input, before the settings.
  const wide = useMediaQuery('(min-width: 62em)', true);
  const atInvalid = atText.trim() !== '' && !parseValidationTime(atText);

  const onRules = (next: BusinessRules) => {
    setRules(next);
    saveRules(next);
  };

  const verify = async (qr: string | string[]) => {
    const at = parseValidationTime(atText) ?? new Date();
    const loaded = trust.trust ?? (await buildTrust(trust.sources));
    const result = await verifyQr(qr, { trust: loaded.store, at, platform: webPlatform });
    const outcomes = result.valid ? evaluateRules(result, rules, at) : [];
    setChecked({ result, outcomes, verdict: verdictOf(result, outcomes), at });
  };

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <div>
          <Group gap="sm" align="center">
            <Title order={1}>{t('verifier.title')}</Title>
            <Badge variant="light" color="teal" leftSection={<IconWifiOff size={12} aria-hidden />}>
              {t('verifier.offlineReady')}
            </Badge>
          </Group>
          <Text c="dimmed" mt="xs">
            {t('verifier.lead')}
          </Text>
          <Anchor component={Link} to="/passport" size="sm" data-testid="verifier-lookup-link">
            {t('passport.lookup.link')}
          </Anchor>
        </div>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="lg">
            <InputPanel onQr={(qr) => void verify(qr)} />
            {!wide && checked ? <ResultCard checked={checked} /> : null}
            <SettingsPanel
              rules={rules}
              onRules={onRules}
              trust={trust}
              atText={atText}
              onAtText={setAtText}
              atInvalid={atInvalid}
            />
          </Stack>

          {wide ? <div>{checked ? <ResultCard checked={checked} /> : null}</div> : null}
        </SimpleGrid>
      </Stack>
    </Container>
  );
}

export default Verifier;
