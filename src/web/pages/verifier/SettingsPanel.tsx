import {
  Accordion,
  ActionIcon,
  Badge,
  Button,
  FileInput,
  Group,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconRefresh, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format.ts';
import type { BusinessRules } from './rules.ts';
import type { useTrust } from './useTrust.ts';

/** Rules in force, trust lists on this device, and the validation time (advanced). */
export function SettingsPanel({
  rules,
  onRules,
  trust,
  atText,
  onAtText,
  atInvalid,
}: {
  rules: BusinessRules;
  onRules: (rules: BusinessRules) => void;
  trust: ReturnType<typeof useTrust>;
  atText: string;
  onAtText: (text: string) => void;
  atInvalid: boolean;
}) {
  const { t, i18n } = useTranslation();
  const store = trust.trust?.store;
  const days = (value: string | number) => Math.max(0, Math.floor(Number(value) || 0));
  return (
    <Accordion variant="separated" multiple>
      <Accordion.Item value="rules">
        <Accordion.Control data-testid="rules-toggle">{t('verifier.rules.title')}</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            <Switch
              label={t('verifier.rules.completeSeries')}
              checked={rules.completeSeries}
              onChange={(e) => onRules({ ...rules, completeSeries: e.currentTarget.checked })}
              data-testid="rule-complete"
            />
            <NumberInput
              label={t('verifier.rules.minDays')}
              min={0}
              max={3650}
              value={rules.minDaysSinceLastDose}
              onChange={(v) => onRules({ ...rules, minDaysSinceLastDose: days(v) })}
              data-testid="rule-min-days"
            />
            <NumberInput
              label={t('verifier.rules.maxDays')}
              min={0}
              max={3650}
              value={rules.maxDaysSinceLastDose}
              onChange={(v) => onRules({ ...rules, maxDaysSinceLastDose: days(v) })}
              data-testid="rule-max-days"
            />
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>

      <Accordion.Item value="trust">
        <Accordion.Control data-testid="trust-toggle">
          <Group gap="xs" wrap="wrap">
            {t('verifier.trust.title')}
            {store ? (
              // Wraps on a phone instead of cutting the count off.
              <Badge
                variant="light"
                h="auto"
                styles={{ label: { whiteSpace: 'normal', overflow: 'visible' } }}
                data-testid="trust-count"
              >
                {t('verifier.trust.keys', { count: store.dcc.size, shc: store.shc.size })}
              </Badge>
            ) : null}
          </Group>
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('verifier.trust.lead')}
            </Text>
            {store && (store.dccRevocationListLoaded || store.shcCrls.size > 0) ? (
              <Text size="sm" data-testid="trust-revoked">
                {t('verifier.trust.revoked', {
                  count: store.revokedUvciHashes.size,
                  shc: [...store.shcCrls.values()].reduce((n, crl) => n + crl.rids.size, 0),
                })}
              </Text>
            ) : null}
            {trust.sources.length === 0 ? <Text size="sm">{t('verifier.trust.empty')}</Text> : null}
            <Stack gap={4} data-testid="trust-sources">
              {trust.sources.map((source) => (
                <Group key={source.id} gap="xs" wrap="nowrap" justify="space-between">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                      {source.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`verifier.trust.${source.origin}`)} ·{' '}
                      {t('verifier.trust.savedAt', {
                        time: formatDateTime(source.savedAt, i18n.language === 'en' ? 'en' : 'vi'),
                      })}
                    </Text>
                  </div>
                  {source.origin === 'imported' ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => trust.remove(source.id)}
                      aria-label={t('verifier.trust.remove', { name: source.name })}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
            </Stack>
            {trust.trust?.problems.length ? (
              <Text size="sm" c="red.8">
                {t('verifier.trust.problems', { names: trust.trust.problems.join(', ') })}
              </Text>
            ) : null}
            <Group>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                loading={trust.refreshing}
                onClick={() => void trust.refresh()}
              >
                {trust.refreshing ? t('verifier.trust.refreshing') : t('verifier.trust.refresh')}
              </Button>
            </Group>
            <FileInput
              label={t('verifier.trust.import')}
              description={t('verifier.trust.importHint')}
              multiple
              value={[]}
              accept=".json,.pem,.crt,.cer,.der,application/json,application/x-pem-file"
              onChange={(files) => void trust.importFiles(files)}
              data-testid="trust-import"
            />
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>

      <Accordion.Item value="advanced">
        <Accordion.Control data-testid="advanced-toggle">{t('verifier.advanced.title')}</Accordion.Control>
        <Accordion.Panel>
          <TextInput
            label={t('verifier.advanced.at')}
            placeholder="2021-06-01T10:00:00Z"
            value={atText}
            onChange={(e) => onAtText(e.currentTarget.value)}
            error={atInvalid ? t('verifier.advanced.atInvalid') : undefined}
            data-testid="validation-time"
          />
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
