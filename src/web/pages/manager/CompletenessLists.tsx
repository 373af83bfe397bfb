import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../../shared/format.ts';
import type { Completeness, CompletenessNode } from '../../../shared/schemas/tallies.ts';
import { currentLang } from '../../i18n/index.ts';

/** A ratio as a percent, "—" when nothing was reported. */
export function percentText(node: Pick<CompletenessNode, 'ratio'>, lang: 'vi' | 'en') {
  return node.ratio === null ? '—' : formatPercent(node.ratio, lang);
}

/** The sites with the most doses still to enter, each with links to its commune and its data quality. */
export function BehindList({
  nodes,
  onCommune,
  onQuality,
}: {
  nodes: Completeness['behind'];
  onCommune: (communeId: string) => void;
  onQuality: (facilityId: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="md" mb="sm">
        {t('manager.completeness.behindTitle')}
      </Title>
      {nodes.length ? (
        <Stack
          gap="xs"
          component="ol"
          style={{ paddingInlineStart: 20, margin: 0 }}
          data-testid="completeness-behind"
        >
          {nodes.map((site) => (
            <li key={site.id} data-facility={site.id}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <div>
                  <Text fw={600} size="sm">
                    {site.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {site.communeName} · {site.text[lang]}
                  </Text>
                </div>
                <Group gap="xs">
                  <Text size="sm" c="red.8" fw={600}>
                    −{formatNumber(site.gap, lang)}
                  </Text>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    onClick={() => onCommune(site.communeId)}
                  >
                    {t('manager.completeness.open', { name: site.communeName })}
                  </Anchor>
                  <Button size="compact-xs" variant="light" onClick={() => onQuality(site.id)}>
                    {t('manager.completeness.openQuality')}
                  </Button>
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      ) : (
        <Text c="dimmed" size="sm">
          {t('manager.completeness.behindNone')}
        </Text>
      )}
    </Paper>
  );
}

/** All provinces by completeness (national staff). */
export function ProvinceRanking({
  nodes,
  onOpen,
}: {
  nodes: Completeness['ranking'];
  onOpen: (provinceId: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="md" mb="sm">
        {t('manager.completeness.rankingTitle')}
      </Title>
      <Table.ScrollContainer minWidth={420}>
        <Table striped data-testid="completeness-ranking">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('manager.completeness.rankCol')}</Table.Th>
              <Table.Th>{t('manager.completeness.unit')}</Table.Th>
              <Table.Th>{t('manager.completeness.percent')}</Table.Th>
              <Table.Th ta="right">{t('manager.completeness.recorded')}</Table.Th>
              <Table.Th ta="right">{t('manager.completeness.reported')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {nodes.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.rank}</Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => onOpen(p.id)}>
                    {p.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{percentText(p, lang)}</Table.Td>
                <Table.Td ta="right">{n(p.recorded)}</Table.Td>
                <Table.Td ta="right">{n(p.reported)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
