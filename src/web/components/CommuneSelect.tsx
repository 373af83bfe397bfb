import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';

/** A searchable picker of 2025 communes ("ba dinh" finds Phường Ba Đình), showing the province too. */
export function CommuneSelect(props: {
  label: string;
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useQuery({
    queryKey: ['communes', q, props.value],
    queryFn: async () => {
      const found = await api.units.search({
        query: {
          q: q || undefined,
          level: 'commune',
          edition: '2025',
          limit: 20,
        },
      });
      const items = found.items.map((u) => ({ value: u.id, label: `${u.name} — ${u.parentName ?? ''}` }));
      if (props.value && !items.some((i) => i.value === props.value)) {
        const current = await api.units.unit({ params: { id: props.value } });
        items.unshift({ value: current.id, label: `${current.name} — ${current.parentName ?? ''}` });
      }
      return items;
    },
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      label={props.label}
      placeholder={t('common.searchCommune')}
      searchable
      clearable
      filter={({ options: all }) => all}
      data={options.data ?? []}
      value={props.value ?? null}
      onChange={props.onChange}
      searchValue={search}
      onSearchChange={setSearch}
      error={props.error}
      nothingFoundMessage="—"
      data-testid="commune-select"
    />
  );
}
