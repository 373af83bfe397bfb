import { Badge, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { observationWithQueue } from '../../lib/offline-site.ts';

/** People vaccinated in the last 30 minutes with the time each still has to stay (refreshes itself). */
export function ObservationList({ facilityId }: { facilityId?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useQuery({
    queryKey: ['observation', facilityId],
    // Doses given on this device and not synced yet are under observation too (offline: only they).
    queryFn: () => observationWithQueue(facilityId, () => api.observation(facilityId)),
    refetchInterval: 20_000,
    networkMode: 'always',
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('site.observation.lead')}
      </Text>
      <QueryState query={query}>
        {(data) =>
          data.items.length ? (
            <Paper withBorder>
              <Table data-testid="observation-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('site.day.colName')}</Table.Th>
                    <Table.Th>{t('common.vaccination.vaccine')}</Table.Th>
                    <Table.Th>{t('site.observation.colSince')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((i) => (
                    <Table.Tr key={i.doseId} data-queued={i.queued ? 'true' : undefined}>
                      <Table.Td>
                        {i.fullName}
                        {i.queued ? (
                          <Text size="xs" c="orange" data-testid="observation-queued">
                            {t('site.offline.observationQueued')}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {i.vaccineCode} · {t('common.vaccination.dose')} {i.doseNumber}
                      </Table.Td>
                      <Table.Td>
                        {new Date(i.givenAt).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
                          hour: '2-digit',
                          minute: '2-digit',
                        })}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={i.remainingMinutes ? 'orange' : 'green'} variant="light">
                          {i.remainingMinutes
                            ? t('site.observation.remaining', { count: i.remainingMinutes })
                            : t('site.observation.ready')}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          ) : (
            <Text>{t('site.observation.empty')}</Text>
          )
        }
      </QueryState>
    </Stack>
  );
}
