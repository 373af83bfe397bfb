import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';

/**
 * A searchable picker of one level of 2025 units by name ("ha noi", "ba dinh", accents optional), its
 * value the unit's code (what a manager's account is bound to). Communes show their province.
 */
export function UnitSelect(props: {
  label: string;
  level: 'province' | 'commune';
  value: string | null;
  onChange: (code: string | null) => void;
  required?: boolean;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const options = useQuery({
    queryKey: ['unit-select', props.level, q],
    queryFn: async () => {
      const found = await api.units.search({
        query: {
          q: q || undefined,
          level: props.level,
          edition: '2025',
          limit: 20,
        },
      });
      return found.items.map((u) => ({
        value: u.code,
        label:
          props.level === 'commune'
            ? `${u.name} — ${u.parentName ?? ''} (${u.code})`
            : `${u.name} (${u.code})`,
      }));
    },
    placeholderData: keepPreviousData,
  });
  return (
    <Select
      label={props.label}
      placeholder={props.level === 'commune' ? t('common.searchCommune') : t('staff.users.searchProvince')}
      searchable
      clearable
      required={props.required}
      filter={({ options: all }) => all}
      data={options.data ?? []}
      value={props.value}
      onChange={props.onChange}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage="—"
      data-testid={props['data-testid']}
    />
  );
}
