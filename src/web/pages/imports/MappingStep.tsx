import { Alert, Button, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_FIELDS,
  type ImportFieldKey,
  missingRequiredFields,
  suggestMapping,
} from '../../../shared/legacy/import-columns.ts';
import type { ImportJob, ImportMapping } from '../../../shared/schemas/imports.ts';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { useImportsApi } from './imports-api.ts';

/** A field's name in the current language, marked * when required. */
export function fieldLabel(key: string, lang: 'vi' | 'en'): string {
  const field = IMPORT_FIELDS.find((f) => f.key === key);
  if (!field) return key;
  return `${lang === 'vi' ? field.header : field.headerEn}${field.required ? ' *' : ''}`;
}

/**
 * The mapping step of a job waiting for one: every header of the file with a select of the template's
 * fields (the server's or the suggested choice pre-selected), the required fields still missing, and
 * a name to save the mapping under for the facility.
 */
export function MappingStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const imports = useImportsApi();
  const queryClient = useQueryClient();
  const headers = job.headers ?? [];
  const [mapping, setMapping] = useState<ImportMapping>(() => {
    const suggested = suggestMapping(headers);
    return Object.fromEntries(headers.map((h) => [h, job.mapping?.[h] ?? suggested[h] ?? null]));
  });
  const [saveAs, setSaveAs] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const missing = missingRequiredFields(mapping);
  const chosen = Object.values(mapping).filter(Boolean) as ImportFieldKey[];
  const twice = chosen.find((f, i) => chosen.indexOf(f) !== i);
  const options = [
    { value: '', label: t('imports.mapping.ignore') },
    ...IMPORT_FIELDS.map((f) => ({ value: f.key, label: fieldLabel(f.key, lang) })),
  ];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await imports.putMapping(job.id, mapping, saveAs.trim() || undefined);
      queryClient.setQueryData(['imports', 'job', job.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="import-mapping-step">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.mapping.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.mapping.lead')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {headers.map((header) => (
            <NativeSelect
              key={header}
              label={t('imports.mapping.column', { header })}
              data={options}
              value={mapping[header] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value as ImportFieldKey | '';
                setMapping((m) => ({ ...m, [header]: value || null }));
              }}
              data-testid="mapping-select"
            />
          ))}
        </SimpleGrid>
        {missing.length ? (
          <Alert color="orange" data-testid="mapping-missing">
            {t('imports.mapping.missing', { fields: missing.map((f) => fieldLabel(f, lang)).join(', ') })}
          </Alert>
        ) : null}
        {twice ? (
          <Alert color="orange">{t('imports.mapping.twice', { field: fieldLabel(twice, lang) })}</Alert>
        ) : null}
        <TextInput
          label={t('imports.mapping.saveAs')}
          description={t('imports.mapping.saveAsHint')}
          value={saveAs}
          maxLength={100}
          onChange={(e) => setSaveAs(e.currentTarget.value)}
          data-testid="mapping-save-as"
        />
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        <Button
          type="submit"
          loading={busy}
          disabled={missing.length > 0 || Boolean(twice)}
          data-testid="mapping-submit"
          style={{ alignSelf: 'flex-start' }}
        >
          {t('imports.mapping.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}
