import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatNumber } from '../../../shared/format.ts';
import {
  QUALITY_CATEGORIES,
  type QualityCategory,
  type QualityReport,
  type QualityWhere,
} from '../../../shared/schemas/data-quality.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import type { StaffMe } from '../../lib/permissions.ts';
import { QualityItemList } from './QualityItemList.tsx';

/**
 * The data-quality report: a card per category with its count and, on request, its list of records
 * to fix (ids and masked identifiers, reasons, links to the fix), then the counts per commune and per
 * facility. Managers read the unit or facility from the address (`?unit=` / `?facility=`); a site
 * shows its own facility.
 */
export function DataQualityTab({ actor, fixed }: { actor: StaffMe; fixed?: QualityWhere }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const where: QualityWhere = fixed ?? {
    unit: params.get('unit') ?? undefined,
    facility: params.get('facility') ?? undefined,
  };
  const report = useQuery({
    queryKey: ['data-quality', where.unit, where.facility],
    queryFn: () => api.dataQuality.report({ query: { ...where, sample: 5 } }),
    placeholderData: keepPreviousData,
  });
  const [open, setOpen] = useState<QualityCategory | null>(null);
  const look = (next: QualityWhere) => {
    const copy = new URLSearchParams(params);
    copy.delete('unit');
    copy.delete('facility');
    if (next.unit) copy.set('unit', next.unit);
    if (next.facility) copy.set('facility', next.facility);
    setParams(copy);
    setOpen(null);
  };
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('manager.quality.lead')}
      </Text>
      <QueryState query={report}>
        {(data) => (
          <>
            <Group justify="space-between" wrap="wrap">
              <Text fw={600} data-testid="quality-target">
                {t('manager.quality.target', { name: data.target.name })}
              </Text>
              {!fixed && (where.unit || where.facility) ? (
                <Button variant="subtle" size="xs" onClick={() => look({})}>
                  {t('manager.quality.whole')}
                </Button>
              ) : null}
            </Group>
            {QUALITY_CATEGORIES.map((category) => (
              <CategoryCard
                key={`${where.unit}-${where.facility}-${category}`}
                category={category}
                report={data}
                where={where}
                actor={actor}
                expanded={open === category}
                onToggle={() => setOpen(open === category ? null : category)}
              />
            ))}
            {fixed ? null : <PlaceTables report={data} onLook={look} />}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function CategoryCard({
  category,
  report,
  where,
  actor,
  expanded,
  onToggle,
}: {
  category: QualityCategory;
  report: QualityReport;
  where: QualityWhere;
  actor: StaffMe;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const count = report.totals[category];
  const listId = `quality-list-${category}`;
  return (
    <Paper withBorder p="md" data-testid={`quality-${category}`}>
      <Group justify="space-between" wrap="nowrap" align="start">
        <div>
          <Title order={3} fz="md">
            {t(`manager.quality.categories.${category}`)}
          </Title>
          <Text size="sm" c="dimmed">
            {t('manager.quality.count', { count: formatNumber(count, lang) })}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Badge size="lg" color={count ? 'orange' : 'teal'} variant="light" data-testid="quality-count">
            {formatNumber(count, lang)}
          </Badge>
          {count ? (
            <Button
              variant="subtle"
              size="xs"
              onClick={onToggle}
              aria-expanded={expanded}
              aria-controls={listId}
              rightSection={expanded ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            >
              {t('manager.quality.show')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {expanded ? (
        <div id={listId}>
          <QualityItemList
            category={category}
            first={report.samples[category]}
            total={count}
            where={where}
            actor={actor}
          />
        </div>
      ) : null}
    </Paper>
  );
}

/** Counts per commune and per facility; a row opens the report of that place. */
function PlaceTables({ report, onLook }: { report: QualityReport; onLook: (where: QualityWhere) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const tables = [
    {
      title: t('manager.quality.byCommune'),
      rows: report.communes,
      look: (id: string) => onLook({ unit: id }),
    },
    {
      title: t('manager.quality.byFacility'),
      rows: report.facilities,
      look: (id: string) => onLook({ facility: id }),
    },
  ].filter(
    (table) => table.rows.length > 1 || (table.rows.length === 1 && report.target.kind !== 'facility'),
  );
  return tables.map((table) => (
    <Paper withBorder p="md" key={table.title}>
      <Title order={3} fz="md" mb="sm">
        {table.title}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('manager.quality.place')}</Table.Th>
              {QUALITY_CATEGORIES.map((c) => (
                <Table.Th key={c} ta="right" fz="xs">
                  {t(`manager.quality.categories.${c}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => table.look(row.id)}>
                    {row.name}
                  </Anchor>
                </Table.Td>
                {QUALITY_CATEGORIES.map((c) => (
                  <Table.Td key={c} ta="right">
                    {formatNumber(row.counts[c], lang)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  ));
}
