import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowUp } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatNumber } from '../../../shared/format.ts';
import type { CompletenessNode } from '../../../shared/schemas/tallies.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { BehindList, ProvinceRanking, percentText } from './CompletenessLists.tsx';
import { vietnamDay } from './ExpiryBadge.tsx';

const CompletenessChart = lazy(() => import('./CompletenessChart.tsx'));

/**
 * Data completeness of the manager's jurisdiction: the headline "97,62% — 168.540 / 172.654", a bar
 * chart and a table per child unit (click to go down a level), the sites furthest behind and, for
 * national staff, the provinces ranked.
 */
export function CompletenessTab() {
  const { t } = useTranslation();
  const lang = currentLang();
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const [from, setFrom] = useState(vietnamDay(-29));
  const [to, setTo] = useState(vietnamDay(0));
  const report = useQuery({
    queryKey: ['completeness', unit, from, to],
    queryFn: () =>
      api.tallies.completeness({ query: { unit, from: from || undefined, to: to || undefined } }),
    placeholderData: keepPreviousData,
  });
  const go = (next: Record<string, string | null>) => {
    const copy = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value === null) copy.delete(key);
      else copy.set(key, value);
    }
    setParams(copy, { replace: false });
  };
  const n = (value: number) => formatNumber(value, lang);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('manager.completeness.lead')}
      </Text>
      <Group align="end" wrap="wrap">
        <TextInput
          type="date"
          label={t('manager.range.from')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          data-testid="completeness-from"
        />
        <TextInput
          type="date"
          label={t('manager.range.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          data-testid="completeness-to"
        />
      </Group>
      <QueryState query={report}>
        {(data) => (
          <>
            <Paper withBorder p="md">
              <Group justify="space-between" wrap="wrap" align="start">
                <div>
                  <Group gap="xs">
                    <Title order={2} fz="h3" data-testid="completeness-unit">
                      {data.unit.level === 'country' ? t('manager.completeness.country') : data.unit.name}
                    </Title>
                    <Badge variant="light">{t(`manager.completeness.levels.${data.unit.level}`)}</Badge>
                  </Group>
                  <Text fz={28} fw={700} mt={4} data-testid="completeness-headline">
                    {data.unit.text[lang]}
                  </Text>
                  {data.unit.rank ? (
                    <Text size="sm">{t('manager.completeness.rank', data.unit.rank)}</Text>
                  ) : null}
                  {data.unit.recordedUntallied ? (
                    <Text size="sm" c="dimmed">
                      {t('manager.completeness.untallied', { count: n(data.unit.recordedUntallied) })}
                    </Text>
                  ) : null}
                </div>
                {unit ? (
                  <Button
                    variant="light"
                    leftSection={<IconArrowUp size={16} aria-hidden />}
                    onClick={() => go({ unit: data.unit.parentId })}
                    data-testid="completeness-up"
                  >
                    {t('manager.completeness.up')}
                  </Button>
                ) : null}
              </Group>
            </Paper>
            {data.children.length ? (
              <Paper withBorder p="md">
                <Title order={3} fz="md" mb="sm">
                  {t('manager.completeness.chartTitle')}
                </Title>
                <div
                  role="img"
                  aria-label={t('manager.completeness.chartLabel')}
                  data-testid="completeness-chart"
                >
                  <Suspense fallback={<Skeleton h={300} />}>
                    <CompletenessChart
                      data={data.children.slice(0, 40).map((c) => ({
                        label: c.name.length > 18 ? `${c.name.slice(0, 17)}…` : c.name,
                        recorded: c.recorded,
                        reported: c.reported,
                      }))}
                      names={{
                        recorded: t('manager.completeness.recorded'),
                        reported: t('manager.completeness.reported'),
                      }}
                      format={n}
                    />
                  </Suspense>
                </div>
              </Paper>
            ) : null}
            {data.children.length ? (
              <ChildrenTable nodes={data.children} onOpen={(id) => go({ unit: id })} />
            ) : data.unit.level !== 'facility' ? (
              <Text c="dimmed">{t('manager.completeness.none')}</Text>
            ) : null}
            <BehindList
              nodes={data.behind}
              onCommune={(id) => go({ unit: id })}
              onQuality={(id) => go({ tab: 'quality', facility: id, unit: null })}
            />
            {data.ranking.length ? (
              <ProvinceRanking nodes={data.ranking} onOpen={(id) => go({ unit: id })} />
            ) : null}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function ChildrenTable({ nodes, onOpen }: { nodes: CompletenessNode[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover data-testid="completeness-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('manager.completeness.unit')}</Table.Th>
            <Table.Th ta="right">{t('manager.completeness.recorded')}</Table.Th>
            <Table.Th ta="right">{t('manager.completeness.reported')}</Table.Th>
            <Table.Th>{t('manager.completeness.percent')}</Table.Th>
            <Table.Th ta="right">{t('manager.completeness.gap')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map((c) => (
            <Table.Tr key={c.id} data-unit={c.id}>
              <Table.Td>
                {c.level === 'facility' ? (
                  c.name
                ) : (
                  <Anchor
                    component="button"
                    type="button"
                    onClick={() => onOpen(c.id)}
                    aria-label={t('manager.completeness.open', { name: c.name })}
                  >
                    {c.name}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td ta="right">{n(c.recorded)}</Table.Td>
              <Table.Td ta="right">{n(c.reported)}</Table.Td>
              <Table.Td miw={140}>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" w={64}>
                    {percentText(c, lang)}
                  </Text>
                  {c.ratio !== null ? (
                    <Progress
                      value={Math.min(100, 100 * c.ratio)}
                      color={c.ratio >= 0.95 ? 'teal' : c.ratio >= 0.85 ? 'yellow' : 'red'}
                      style={{ flex: 1 }}
                      aria-hidden
                    />
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td ta="right" c={c.gap > 0 ? 'red.8' : undefined}>
                {n(c.gap)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
