import { Alert, Badge, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDateTime } from '../../../shared/format.ts';
import type { aefiSchema } from '../../../shared/schemas/reactions.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

type Aefi = z.infer<typeof aefiSchema>;

const dateTime = (iso: string, lang: 'vi' | 'en') => formatDateTime(iso, lang);

/** Open alerts (serious AEFI) with acknowledge, then the AEFI reports of the jurisdiction with filters. */
export function AefiTab() {
  const { t } = useTranslation();
  const [seriousOnly, setSeriousOnly] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const reports = useQuery({
    queryKey: ['aefi', seriousOnly, from, to],
    queryFn: () =>
      api.reactions.listAefi({
        query: { serious: seriousOnly ? 'true' : undefined, from: from || undefined, to: to || undefined },
      }),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <OpenAlerts />
      <Group align="end" wrap="wrap">
        <Switch
          label={t('manager.aefi.seriousOnly')}
          checked={seriousOnly}
          onChange={(e) => setSeriousOnly(e.currentTarget.checked)}
          data-testid="aefi-serious-only"
          mb={8}
        />
        <TextInput
          type="date"
          label={t('manager.range.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('manager.range.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
      </Group>
      <QueryState query={reports}>
        {(data) => (
          <Stack gap="sm" data-testid="aefi-list">
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('manager.aefi.count', { count: data.items.length })}
            </Text>
            {data.items.length ? (
              data.items.map((r) => <AefiCard key={r.id} report={r} />)
            ) : (
              <Text c="dimmed">{t('manager.aefi.none')}</Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function OpenAlerts() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const alerts = useQuery({
    queryKey: ['alerts', 'open'],
    queryFn: () => api.reactions.alerts({ query: { open: 'true' } }),
  });
  const acknowledge = useMutation({
    mutationFn: (id: string) => api.reactions.acknowledgeAlert({ params: { id: id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['alerts'] }),
  });
  return (
    <Paper withBorder p="md" data-testid="alerts">
      <Title order={2} fz="md" mb="sm">
        {t('manager.aefi.alertsTitle')}
      </Title>
      {acknowledge.isError ? (
        <Alert color="red" role="alert" mb="sm">
          {problemText(acknowledge.error, lang)}
        </Alert>
      ) : null}
      <QueryState query={alerts}>
        {(data) =>
          data.items.length ? (
            <Stack gap="xs">
              {data.items.map((a) => (
                <Alert
                  key={a.id}
                  color="red"
                  icon={<IconAlertTriangle aria-hidden />}
                  data-testid="alert"
                  styles={{ message: { width: '100%' } }}
                >
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <div>
                      <Text fw={600} size="sm">
                        {t('manager.aefi.alertText', { person: a.personName ?? '—', unit: a.unitName })}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {dateTime(a.createdAt, lang)}
                      </Text>
                    </div>
                    <Button
                      size="xs"
                      color="red"
                      variant="white"
                      loading={acknowledge.isPending && acknowledge.variables === a.id}
                      onClick={() => acknowledge.mutate(a.id)}
                      data-testid="acknowledge"
                    >
                      {t('manager.aefi.acknowledge')}
                    </Button>
                  </Group>
                </Alert>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" data-testid="no-alerts">
              {t('manager.aefi.noAlerts')}
            </Text>
          )
        }
      </QueryState>
    </Paper>
  );
}

function AefiCard({ report: r }: { report: Aefi }) {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const line = (label: string, value: string | null | undefined) =>
    value ? (
      <Text size="sm">
        <Text span c="dimmed">
          {label}:
        </Text>{' '}
        {value}
      </Text>
    ) : null;
  return (
    <Paper
      withBorder
      p="sm"
      data-serious={r.serious}
      style={r.serious ? { borderLeft: '4px solid var(--mantine-color-red-7)' } : undefined}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
        <Group gap="xs">
          <Text fw={600}>{r.personName}</Text>
          {r.serious ? (
            <Badge color="red">{t('manager.aefi.serious')}</Badge>
          ) : (
            <Badge color="gray" variant="light">
              {t('manager.aefi.notSerious')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t(`manager.aefi.reporter.${r.reporterKind}`)} · {dateTime(r.createdAt, lang)}
        </Text>
      </Group>
      {line(t('common.fields.unitId'), r.unitName)}
      {line(t('manager.aefi.dose'), [vaccineName(r.vaccineCode), r.facilityName].filter(Boolean).join(' — '))}
      {line(t('manager.aefi.onsetAt'), dateTime(r.onsetAt, lang))}
      {line(t('manager.aefi.symptoms'), r.symptoms.map((s) => t(`citizen.reaction.s.${s}`)).join(', '))}
      {line(t('manager.aefi.severity'), t(`citizen.reaction.severities.${r.severity}`))}
      {r.serious
        ? line(t('staff.aefi.criteria'), r.seriousCriteria.map((c) => t(`staff.aefi.c.${c}`)).join(', '))
        : null}
      {line(t('manager.aefi.outcome'), r.outcome ? t(`staff.aefi.outcomes.${r.outcome}`) : null)}
      {r.description ? (
        <Text size="sm" mt={4} fs="italic">
          {r.description}
        </Text>
      ) : null}
    </Paper>
  );
}
