import { Group, Paper, Progress, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../shared/format.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';
import { vietnamDay } from './ExpiryBadge.tsx';

const SessionsChart = lazy(() => import('./SessionsChart.tsx'));

/** Sessions in the manager's jurisdiction over a date range: a chart per day and the sessions table. */
export function SessionsTab() {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const [from, setFrom] = useState(vietnamDay(-7));
  const [to, setTo] = useState(vietnamDay(7));
  const overview = useQuery({
    queryKey: ['sessions-overview', from, to],
    queryFn: () =>
      api.vaccinationSessions.overview({ query: { from: from || undefined, to: to || undefined } }),
    placeholderData: keepPreviousData,
  });
  const n = (value: number) => formatNumber(value, lang);
  return (
    <Stack>
      <Group align="end" wrap="wrap">
        <TextInput
          type="date"
          label={t('manager.range.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          data-testid="sessions-from"
        />
        <TextInput
          type="date"
          label={t('manager.range.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          data-testid="sessions-to"
        />
      </Group>
      <QueryState query={overview}>
        {(data) => (
          <>
            <Text aria-live="polite" data-testid="sessions-totals">
              {t('manager.sessions.totals', {
                sessions: n(data.totals.sessions),
                booked: n(data.totals.booked),
                capacity: n(data.totals.capacity),
                vaccinated: n(data.totals.vaccinated),
              })}
            </Text>
            {data.days.length ? (
              <Paper withBorder p="md">
                <Title order={2} fz="md" mb="sm" id="sessions-chart-title">
                  {t('manager.sessions.chartTitle')}
                </Title>
                <div role="img" aria-label={t('manager.sessions.chartLabel')} data-testid="sessions-chart">
                  <Suspense fallback={<Skeleton h={280} />}>
                    <SessionsChart
                      data={data.days.map((d) => ({
                        label: formatDate(d.date, lang).slice(0, 5),
                        capacity: d.capacity,
                        booked: d.booked,
                        vaccinated: d.vaccinated,
                      }))}
                      names={{
                        capacity: t('manager.sessions.capacity'),
                        booked: t('manager.sessions.booked'),
                        vaccinated: t('manager.sessions.vaccinated'),
                      }}
                    />
                  </Suspense>
                </div>
              </Paper>
            ) : null}
            {data.items.length ? (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover data-testid="sessions-overview-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('manager.sessions.date')}</Table.Th>
                      <Table.Th>{t('manager.sessions.facility')}</Table.Th>
                      <Table.Th>{t('manager.sessions.vaccine')}</Table.Th>
                      <Table.Th ta="right">{t('manager.sessions.capacity')}</Table.Th>
                      <Table.Th ta="right">{t('manager.sessions.booked')}</Table.Th>
                      <Table.Th ta="right">{t('manager.sessions.checkedIn')}</Table.Th>
                      <Table.Th ta="right">{t('manager.sessions.vaccinated')}</Table.Th>
                      <Table.Th>{t('manager.sessions.fill')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((s) => (
                      <Table.Tr key={s.id} data-session={s.id}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(s.date, lang)}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {s.facilityName}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {s.unitName}
                          </Text>
                        </Table.Td>
                        <Table.Td>{vaccineName(s.vaccineCode)}</Table.Td>
                        <Table.Td ta="right">{n(s.capacity)}</Table.Td>
                        <Table.Td ta="right">{n(s.booked)}</Table.Td>
                        <Table.Td ta="right">{n(s.checkedIn)}</Table.Td>
                        <Table.Td ta="right" data-testid="session-vaccinated">
                          {n(s.vaccinated)}
                        </Table.Td>
                        <Table.Td miw={90}>
                          <Progress
                            value={Math.min(100, (100 * s.booked) / s.capacity)}
                            color={s.booked >= s.capacity ? 'red' : 'blue'}
                            aria-label={`${t('manager.sessions.fill')}: ${Math.round((100 * s.booked) / s.capacity)}%`}
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Text c="dimmed">{t('manager.sessions.none')}</Text>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
