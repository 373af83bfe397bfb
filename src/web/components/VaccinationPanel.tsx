import { Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed, IconClockHour4 } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDate } from '../../shared/format.ts';
import type { vaccinationRecordSchema } from '../../shared/schemas/doses.ts';
import { currentLang } from '../i18n/index.ts';
import { useVaccineNames } from '../lib/vaccine-names.ts';
import { QueryState } from './QueryState.tsx';

type Record = z.infer<typeof vaccinationRecordSchema>;

const COLOURS = { green: '#0b7a5a', yellow: '#b7791f', grey: '#5c636a' } as const;

/** The green/yellow/grey status card with every reason, the next dose, and the dose list. */
export function VaccinationPanel({ query }: { query: UseQueryResult<Record> }) {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <QueryState query={query}>
      {({ status, doses }) => {
        const Icon =
          status.colour === 'green'
            ? IconCircleCheck
            : status.colour === 'yellow'
              ? IconClockHour4
              : IconCircleDashed;
        return (
          <Stack>
            <Card
              withBorder
              style={{ borderLeft: `8px solid ${COLOURS[status.colour]}` }}
              data-testid="status-card"
              data-colour={status.colour}
            >
              <Group gap="sm">
                <Icon size={32} color={COLOURS[status.colour]} aria-hidden />
                <Title order={2} fz="h3">
                  {t(`common.vaccination.state.${status.state}`)}
                </Title>
              </Group>
              <List size="sm" mt="sm" spacing={4}>
                {status.reasons.map((r, i) => (
                  <List.Item key={`${r.code}-${String(i)}`}>{r.messages[lang]}</List.Item>
                ))}
              </List>
              {status.nextDose ? (
                <Badge mt="sm" variant="light" size="lg">
                  {t('common.vaccination.nextFrom', {
                    number: status.nextDose.number,
                    date: formatDate(status.nextDose.earliest, lang),
                  })}
                </Badge>
              ) : null}
            </Card>
            <Title order={3} fz="md">
              {t('common.vaccination.doses')}
            </Title>
            {doses.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('common.vaccination.noDoses')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={520}>
                <Table data-testid="dose-list">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('common.vaccination.dose')}</Table.Th>
                      <Table.Th>{t('common.vaccination.vaccine')}</Table.Th>
                      <Table.Th>{t('common.vaccination.date')}</Table.Th>
                      <Table.Th>{t('common.vaccination.lot')}</Table.Th>
                      <Table.Th>{t('common.vaccination.where')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {doses.map((d) => (
                      <Table.Tr
                        key={d.id}
                        style={
                          d.status === 'entered_in_error'
                            ? { textDecoration: 'line-through', opacity: 0.6 }
                            : undefined
                        }
                      >
                        <Table.Td>
                          {d.doseNumber}
                          {d.status === 'entered_in_error' ? (
                            <Badge ml={6} size="xs" color="gray">
                              {t('common.vaccination.voided')}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        <Table.Td>{vaccineName(d.vaccineCode)}</Table.Td>
                        <Table.Td>{formatDate(d.givenOn, lang)}</Table.Td>
                        <Table.Td>{d.lotNumber ?? '—'}</Table.Td>
                        <Table.Td>{d.facilityName ?? d.country}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
