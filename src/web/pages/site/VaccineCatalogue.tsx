import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';

/** The vaccine catalogue staff work from: doses, intervals, allowed mixes, EU DCC codes. */
export function VaccineCatalogue() {
  const { t } = useTranslation();
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
  });
  const lang = currentLang();
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="lg" mb="sm">
        {t('area.site.vaccinesTitle')}
      </Title>
      <QueryState query={vaccines}>
        {(items) => {
          const names = new Map(items.map((v) => [v.code, v.name]));
          return (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover data-testid="vaccine-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('area.site.colVaccine')}</Table.Th>
                    <Table.Th>{t('area.site.colDoses')}</Table.Th>
                    <Table.Th>{t('area.site.colInterval')}</Table.Th>
                    <Table.Th>{t('area.site.colMix')}</Table.Th>
                    <Table.Th>{t('area.site.colEuCode')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((v) => (
                    <Table.Tr key={v.code}>
                      <Table.Td>
                        <Text fw={600}>{v.name}</Text>
                        <Text size="xs" c="dimmed">
                          {v.brand} · {v.notes[lang]}
                        </Text>
                      </Table.Td>
                      <Table.Td>{v.dosesInSeries}</Table.Td>
                      <Table.Td>
                        {v.intervals.length
                          ? v.intervals.map((i) => t('area.site.days', { count: i.minDays })).join(', ')
                          : t('area.site.noInterval')}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {v.mixWith.length
                            ? v.mixWith.map((code) => (
                                <Badge key={code} variant="light" size="sm">
                                  {names.get(code) ?? code}
                                </Badge>
                              ))
                            : t('area.site.noMix')}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text ff="monospace" size="sm">
                          {v.euDcc.mp}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryState>
    </Paper>
  );
}
