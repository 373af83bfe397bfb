import { Badge, Button, Group, Modal, Paper, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../../shared/format.ts';
import type { Observation } from '../../../shared/schemas/visits.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { observationWithQueue } from '../../lib/offline-site.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';
import { AefiForm } from '../staff/AefiForm.tsx';

type Item = Observation['items'][number];

/**
 * People vaccinated in the last 30 minutes with the time each still has to stay (refreshes itself).
 * Each has two actions: "Ghi phản ứng" (the AEFI form, for that dose; a badge shows it was recorded)
 * and "Cho về" (ends the observation: the person leaves the list).
 */
export function ObservationList({ facilityId }: { facilityId?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['observation', facilityId],
    // Doses given on this device and not synced yet are under observation too (offline: only they).
    queryFn: () =>
      observationWithQueue(facilityId, () => api.visits.observation({ query: { facilityId: facilityId } })),
    refetchInterval: 20_000,
    networkMode: 'always',
  });
  const [recording, setRecording] = useState<Item | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['observation'] });
  const vaccineName = useVaccineNames();

  const discharging = useApiAction({
    submit: (item: Item) => api.visits.discharge({ params: { id: item.doseId } }),
    onSuccess: async (_, item) => {
      setDone(t('site.observation.discharged', { name: item.fullName }));
      await refresh();
    },
  });
  const discharge = (item: Item) => {
    setDone(null);
    return discharging.run(item);
  };
  const busy = discharging.running?.doseId ?? null;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('site.observation.lead')}
      </Text>
      <ProblemAlert problem={discharging.problem} />
      {done ? (
        <Text size="sm" c="teal" role="status" data-testid="observation-done">
          {done}
        </Text>
      ) : null}
      <QueryState query={query}>
        {(data) =>
          data.items.length ? (
            <Stack gap="xs" data-testid="observation-list">
              {data.items.map((i) => (
                <Paper key={i.doseId} withBorder p="sm" data-testid="observation-item">
                  <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                    <div>
                      <Text fw={500}>{i.fullName}</Text>
                      {i.queued ? (
                        <Text size="xs" c="orange" data-testid="observation-queued">
                          {t('site.offline.observationQueued')}
                        </Text>
                      ) : null}
                      <Text size="sm" c="dimmed">
                        {vaccineName(i.vaccineCode)} · {t('common.vaccination.dose')} {i.doseNumber} ·{' '}
                        {t('site.observation.colSince')} {formatTime(i.givenAt, lang)}
                      </Text>
                    </div>
                    <Group gap={6}>
                      {i.reactionReported ? (
                        <Badge color="red" variant="light" data-testid="observation-reaction">
                          {t('site.observation.reaction')}
                        </Badge>
                      ) : null}
                      <Badge color={i.remainingMinutes ? 'orange' : 'green'} variant="light">
                        {i.remainingMinutes
                          ? t('site.observation.remaining', { count: i.remainingMinutes })
                          : t('site.observation.ready')}
                      </Badge>
                    </Group>
                  </Group>
                  {/* A dose still on this device is not on the server yet: nothing to record against. */}
                  {i.queued ? null : (
                    <Group gap="xs" mt="xs">
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        onClick={() => setRecording(i)}
                        data-testid="observation-record"
                      >
                        {t('site.observation.record')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        loading={busy === i.doseId}
                        onClick={() => discharge(i)}
                        data-testid="observation-discharge"
                      >
                        {t('site.observation.discharge')}
                      </Button>
                    </Group>
                  )}
                </Paper>
              ))}
            </Stack>
          ) : (
            <Text>{t('site.observation.empty')}</Text>
          )
        }
      </QueryState>
      <Modal
        opened={recording !== null}
        onClose={() => setRecording(null)}
        title={t('site.observation.recordTitle', { name: recording?.fullName ?? '' })}
        size="lg"
      >
        {recording ? (
          <AefiForm
            personId={recording.personId}
            doses={[
              {
                id: recording.doseId,
                label: `${vaccineName(recording.vaccineCode)} · ${t('common.vaccination.dose')} ${recording.doseNumber}`,
              },
            ]}
            onSaved={() => {
              setRecording(null);
              void refresh();
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
