import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { type DragEvent, type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.ts';
import type { ImportJob } from '../../../shared/schemas/imports.ts';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { isImportFile, templateUrl, useImportsApi, useSavedMappings } from './imports-api.ts';

/** A chosen file and the idempotency key chosen with it (a resend of the same choice is the same job). */
interface Chosen {
  file: File;
  key: string;
}

function sizeText(bytes: number, lang: 'vi' | 'en'): string {
  if (bytes < 1024) return `${formatNumber(bytes, lang)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, lang)} KB`;
  return `${formatNumber(Math.round(bytes / 104857.6) / 10, lang)} MB`;
}

/** The template downloads (vi, en). */
export function TemplateLinks() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="md">
        {t('imports.template.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('imports.template.hint')}
      </Text>
      <Group gap="xs">
        <Button
          component="a"
          href={templateUrl('vi')}
          download
          variant="light"
          leftSection={<IconFileSpreadsheet size={18} />}
          data-testid="template-vi"
        >
          {t('imports.template.vi')}
        </Button>
        <Button
          component="a"
          href={templateUrl('en')}
          download
          variant="subtle"
          leftSection={<IconFileSpreadsheet size={18} />}
          data-testid="template-en"
        >
          {t('imports.template.en')}
        </Button>
      </Group>
    </Paper>
  );
}

/**
 * Choosing a file (a drop zone that is also a keyboard-usable button, over a labelled file input),
 * dry run, a saved mapping, and the upload. Each chosen file gets its own UUID as the upload's
 * idempotency key, so a double click or a resend never makes two jobs.
 */
export function UploadForm({
  facility,
  onJob,
}: {
  facility: string | null;
  onJob: (job: ImportJob) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const imports = useImportsApi();
  const mappings = useSavedMappings(facility);
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [dragging, setDragging] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [mapping, setMapping] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (file: File | undefined) => {
    setError(null);
    if (!file) return;
    if (!isImportFile(file)) {
      setChosen(null);
      setError(t('imports.upload.kind'));
      return;
    }
    setChosen({ file, key: crypto.randomUUID() });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen || !facility || busy) return;
    setBusy(true);
    setError(null);
    try {
      const job = await imports.upload({
        file: chosen.file,
        facility,
        dryRun,
        mapping: mapping ?? undefined,
        idempotencyKey: chosen.key,
      });
      setChosen(null);
      if (input.current) input.current.value = '';
      onJob(job);
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="import-upload">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.upload.title')}
        </Title>
        <input
          id={inputId}
          ref={input}
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          tabIndex={-1}
          aria-label={t('imports.upload.fileLabel')}
          style={{ position: 'absolute', width: 1, height: 1, opacity: 0, pointerEvents: 'none' }}
          onChange={(e) => choose(e.currentTarget.files?.[0])}
          data-testid="import-file"
        />
        <UnstyledButton
          onClick={() => input.current?.click()}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          aria-describedby={`${inputId}-chosen`}
          data-testid="import-dropzone"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
            borderRadius: 'var(--mantine-radius-md)',
            padding: 'var(--mantine-spacing-lg)',
            textAlign: 'center',
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          }}
        >
          <Stack gap={4} align="center">
            <IconUpload size={28} aria-hidden />
            <Text fw={500}>{t('imports.upload.fileLabel')}</Text>
            <Text size="sm" c="dimmed">
              {dragging ? t('imports.upload.dropActive') : t('imports.upload.drop')}
            </Text>
          </Stack>
        </UnstyledButton>
        <Text size="sm" id={`${inputId}-chosen`} data-testid="import-chosen" aria-live="polite">
          {chosen
            ? t('imports.upload.chosen', { name: chosen.file.name, size: sizeText(chosen.file.size, lang) })
            : ''}
        </Text>
        {mappings.data?.items.length ? (
          <Select
            label={t('imports.upload.mapping')}
            placeholder={t('imports.upload.mappingNone')}
            data={mappings.data.items.map((m) => ({ value: m.name, label: m.name }))}
            value={mapping}
            onChange={setMapping}
            clearable
            data-testid="import-mapping"
          />
        ) : null}
        <Checkbox
          label={t('imports.upload.dryRun')}
          checked={dryRun}
          onChange={(e) => setDryRun(e.currentTarget.checked)}
          data-testid="import-dry-run"
        />
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group>
          <Button
            type="submit"
            disabled={!chosen || !facility}
            loading={busy}
            leftSection={<IconUpload size={18} />}
            data-testid="import-submit"
          >
            {dryRun ? t('imports.upload.submitDry') : t('imports.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
