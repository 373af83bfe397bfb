import {
  Badge,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../shared/format.ts';
import type { AdminUnit } from '../../../shared/schemas/places.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';

/** The administrative-unit lookup with the 2025 merger mapping (public data, no sign-in needed). */
export function UnitLookup() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 30em)') ?? false;
  const [text, setText] = useState('');
  const [edition, setEdition] = useState<'2025' | '2008'>('2025');
  const [selected, setSelected] = useState<string | null>(null);
  const [q] = useDebouncedValue(text, 250);
  const lang = currentLang();
  const results = useQuery({
    queryKey: ['units', q, edition],
    queryFn: () => api.units.search({ query: { q, edition, limit: 12 } }),
    placeholderData: keepPreviousData,
  });

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Group align="end" gap="md" wrap="wrap">
          <TextInput
            style={{ flex: '1 1 260px' }}
            label={t('area.manager.searchLabel')}
            placeholder={t('area.manager.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={results.isFetching ? <Loader size="xs" /> : null}
            data-testid="unit-search"
          />
          <div>
            <Text size="sm" fw={500} mb={4} id="edition-label">
              {t('area.manager.editionLabel')}
            </Text>
            <SegmentedControl
              aria-labelledby="edition-label"
              // Stacked on a phone: the two editions' labels do not fit side by side in 360 px.
              orientation={narrow ? 'vertical' : 'horizontal'}
              fullWidth={narrow}
              value={edition}
              onChange={(v) => {
                setEdition(v === '2008' ? '2008' : '2025');
                setSelected(null);
              }}
              data={[
                { value: '2025', label: t('area.manager.edition2025') },
                { value: '2008', label: t('area.manager.edition2008') },
              ]}
            />
          </div>
        </Group>
        <QueryState query={results}>
          {(page) => (
            <>
              <Text size="sm" c="dimmed" aria-live="polite">
                {page.total
                  ? t('area.manager.results', {
                      count: page.total,
                      formatted: formatNumber(page.total, lang),
                    })
                  : t('area.manager.noResults')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" data-testid="unit-results">
                {page.items.map((unit) => (
                  <UnitCard
                    key={unit.id}
                    unit={unit}
                    selected={selected === unit.id}
                    onSelect={() => setSelected(unit.id)}
                  />
                ))}
              </SimpleGrid>
            </>
          )}
        </QueryState>
        {selected ? <UnitDetailPanel id={selected} /> : null}
      </Stack>
    </Paper>
  );
}

function UnitCard({
  unit,
  selected,
  onSelect,
}: {
  unit: AdminUnit;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <UnstyledButton
      onClick={onSelect}
      aria-pressed={selected}
      p="sm"
      style={{
        border: `1px solid ${selected ? 'var(--mantine-color-health-7)' : 'var(--mantine-color-gray-3)'}`,
        borderRadius: 8,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} lineClamp={1}>
          {unit.name}
        </Text>
        <Badge variant="light" size="sm" ff="monospace">
          {unit.code}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {unit.parentName ?? unit.kind}
      </Text>
    </UnstyledButton>
  );
}

function UnitDetailPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const detail = useQuery({ queryKey: ['unit', id], queryFn: () => api.units.unit({ params: { id } }) });
  return (
    <QueryState query={detail}>
      {(unit) => {
        const links = unit.successors.length ? unit.successors : unit.predecessors;
        return (
          <Paper bg="gray.0" p="md" data-testid="unit-detail">
            <Title order={3} fz="md">
              {unit.name}
              {unit.parentName ? ` — ${unit.parentName}` : ''}
            </Title>
            {unit.validTo ? (
              <Text size="sm" c="dimmed">
                {t('area.manager.validTo', { date: formatDate(unit.validTo, lang) })}
              </Text>
            ) : null}
            {unit.childCount ? (
              <Text size="sm">{t('area.manager.children', { count: unit.childCount })}</Text>
            ) : null}
            {links.length ? (
              <>
                <Text size="sm" fw={600} mt="sm">
                  {unit.successors.length ? t('area.manager.successors') : t('area.manager.predecessors')}
                </Text>
                <Group gap={6} mt={4}>
                  {links.map((link) => (
                    <Badge
                      key={link.unit.id}
                      variant={link.coverage === 'full' ? 'filled' : 'light'}
                      tt="none"
                    >
                      {link.unit.name} ({t(`area.manager.${link.coverage}`)})
                    </Badge>
                  ))}
                </Group>
              </>
            ) : null}
          </Paper>
        );
      }}
    </QueryState>
  );
}
