import { Group, Paper, SimpleGrid, Stack, Switch, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.ts';
import type { Stock } from '../../../shared/schemas/doses.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';
import { ExpiryBadge } from './ExpiryBadge.tsx';

type Item = Stock['items'][number];

/** Rows grouped by holder (facility or store), in the server's order. */
export function groupByHolder(items: Item[]) {
  const groups = new Map<string, Item[]>();
  for (const item of items) groups.set(item.holder, [...(groups.get(item.holder) ?? []), item]);
  return [...groups.values()];
}

/** Stock by site for the manager's jurisdiction: totals, then a table grouped by facility. */
export function StockTab() {
  const { t } = useTranslation();
  const vaccineName = useVaccineNames();
  const lang = currentLang();
  const [showEmpty, setShowEmpty] = useState(false);
  const stock = useQuery({ queryKey: ['stock'], queryFn: () => api.stock.levels() });
  const n = (value: number) => formatNumber(value, lang);
  return (
    <QueryState query={stock}>
      {(data) => {
        const groups = groupByHolder(data.items.filter((i) => showEmpty || i.quantity !== 0));
        return (
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <Stat label={t('manager.stock.total')} value={n(data.totals.quantity)} testId="stock-total" />
              <Stat
                label={t('manager.stock.totalExpiring')}
                value={n(data.totals.expiring)}
                color="orange"
                testId="stock-expiring"
              />
              <Stat
                label={t('manager.stock.totalExpired')}
                value={n(data.totals.expired)}
                color="red"
                testId="stock-expired"
              />
            </SimpleGrid>
            <Group gap="xs" wrap="wrap">
              {data.totals.byVaccine.map((v) => (
                <Text key={v.vaccineCode} size="sm" c="dimmed">
                  {vaccineName(v.vaccineCode)}: <b>{n(v.quantity)}</b>
                </Text>
              ))}
            </Group>
            <Switch
              label={t('manager.stock.showEmpty')}
              checked={showEmpty}
              onChange={(e) => setShowEmpty(e.currentTarget.checked)}
            />
            {groups.length ? (
              <Table.ScrollContainer minWidth={560}>
                <Table data-testid="stock-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('manager.stock.vaccine')}</Table.Th>
                      <Table.Th>{t('manager.stock.lot')}</Table.Th>
                      <Table.Th>{t('manager.stock.expiresOn')}</Table.Th>
                      <Table.Th ta="right">{t('manager.stock.quantity')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {groups.map((rows) => {
                      const head = rows[0]!;
                      const subtotal = rows.reduce((sum, r) => sum + Math.max(0, r.quantity), 0);
                      return (
                        <Fragment key={head.holder}>
                          <Table.Tr bg="gray.0" data-holder={head.holder}>
                            <Table.Th colSpan={3} scope="rowgroup">
                              <Text fw={600} size="sm" component="span">
                                {head.holderName ?? t('manager.stock.nationalStore')}
                              </Text>
                              <Text size="xs" c="dimmed" component="span" ml="xs">
                                {head.facilityId ? head.unitName : t('manager.stock.store')}
                              </Text>
                            </Table.Th>
                            <Table.Th ta="right">{n(subtotal)}</Table.Th>
                          </Table.Tr>
                          {rows.map((r) => (
                            <Table.Tr key={`${r.holder}-${r.lot.id}`} data-warning={r.warning ?? undefined}>
                              <Table.Td>{vaccineName(r.lot.vaccineCode)}</Table.Td>
                              <Table.Td ff="monospace">{r.lot.lotNumber}</Table.Td>
                              <Table.Td>
                                <ExpiryBadge expiresOn={r.lot.expiresOn} warning={r.warning} />
                              </Table.Td>
                              <Table.Td ta="right">{n(r.quantity)}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Fragment>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Text c="dimmed">{t('manager.stock.none')}</Text>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: string;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}
