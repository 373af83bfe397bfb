import { Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facility } from '../../shared/schemas/places.ts';
import { currentLang } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { problemText } from '../lib/forms.ts';

const label = (f: Facility) => `${f.name} (${f.code})`;

/**
 * A searchable picker of the facilities within the signed-in staff member's reach, by name or code
 * ("tram y te ba dinh" finds Trạm Y tế phường Ba Đình), each shown with its commune; the server filters,
 * so every facility of a province is reachable, not only a first page. The value is the facility code.
 */
export function FacilitySelect(props: {
  label: string;
  description?: string;
  placeholder?: string;
  value: string | null;
  onChange: (facility: Facility | null) => void;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<Facility | null>(null);
  const [q] = useDebouncedValue(search, 250);
  // While a facility is chosen the box shows its label: search everything then, not that text.
  const query = chosen && q === label(chosen) ? '' : q;
  const found = useQuery({
    queryKey: ['facilities', query],
    queryFn: () => api.facilities.search({ query: { q: query || undefined, limit: 20 } }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const items = found.data?.items ?? [];
  const byCode = new Map(items.map((f) => [f.code, f]));
  if (chosen) byCode.set(chosen.code, chosen);
  const facilities = [...byCode.values()];
  const pick = (code: string | null) => {
    const facility = code ? (byCode.get(code) ?? null) : null;
    setChosen(facility);
    props.onChange(facility);
  };
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      searchable
      clearable
      filter={({ options }) => options}
      data={facilities.map((f) => ({ value: f.code, label: label(f) }))}
      renderOption={({ option }) => {
        const f = byCode.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {f ? (
              <Text size="xs" c="dimmed">
                {f.active ? f.unitName : `${f.unitName} · ${t('common.facilityClosed')}`}
              </Text>
            ) : null}
          </Stack>
        );
      }}
      value={props.value}
      onChange={pick}
      searchValue={search}
      onSearchChange={setSearch}
      error={found.isError ? problemText(found.error, currentLang()) : undefined}
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('common.noFacilityFound')}
      maxLength={100}
      data-testid={props['data-testid']}
    />
  );
}
