import { Alert, Autocomplete, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/schemas/accounts.ts';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { useFacilityLookup, useImportJobs } from './imports-api.ts';
import { JobList } from './JobList.tsx';
import { JobView } from './JobView.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { TemplateLinks, UploadForm } from './UploadForm.tsx';

type StaffActor = Extract<NonNullable<Me['actor']>, { kind: 'staff' }>;

/**
 * The facility of a manager's import: its code typed (codes of earlier imports offered), checked to be
 * within reach, its name shown. Calls onFacility with the code once it is known (null before).
 */
function FacilityField({ onFacility }: { onFacility: (code: string | null) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [typed, setTyped] = useState('');
  const [code] = useDebouncedValue(typed, 300);
  const jobs = useImportJobs(null);
  const found = useFacilityLookup(code || null, Boolean(code));
  const known = code && found.data?.code === code ? found.data : null;
  useEffect(() => onFacility(known ? known.code : null), [known, onFacility]);
  const codes = [...new Set(jobs.data?.items.map((j) => j.facilityCode) ?? [])];
  return (
    <Paper withBorder p="md">
      <Autocomplete
        label={t('imports.facility.label')}
        description={known ? known.name : t('imports.facility.hint')}
        placeholder={t('imports.facility.placeholder')}
        data={codes}
        value={typed}
        onChange={(v) => setTyped(v.trim().toUpperCase())}
        error={code && found.isError ? problemText(found.error, lang) : undefined}
        maxLength={40}
        data-testid="import-facility"
      />
    </Paper>
  );
}

/** Site staff import for their own facility: its name and code. */
function OwnFacility({ onFacility }: { onFacility: (code: string | null) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const own = useFacilityLookup(null);
  const code = own.data?.code ?? null;
  useEffect(() => onFacility(code), [code, onFacility]);
  if (own.isError)
    return (
      <Alert color="red" role="alert">
        {problemText(own.error, lang)}
      </Alert>
    );
  return (
    <Text size="sm" fw={500} data-testid="import-own-facility">
      {own.data
        ? t('imports.facility.own', { name: `${own.data.name} (${own.data.code})` })
        : t('imports.facility.ownUnknown')}
    </Text>
  );
}

/**
 * The import screen: template, upload (with dry run and saved mappings), the open job (mapping,
 * progress, result, errors), its review queue and the past jobs. Mount as `<ImportsPanel actor={…} />`
 * for a signed-in staff member with the imports.run permission.
 */
export function ImportsPanel({ actor }: { actor: StaffActor }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const site = actor.scope.kind === 'facility';
  const [facility, setFacility] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  return (
    <Stack data-testid="imports-panel">
      <div>
        <Title order={2} fz="h3">
          {t('imports.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.lead')}
        </Text>
      </div>
      {site ? <OwnFacility onFacility={setFacility} /> : <FacilityField onFacility={setFacility} />}
      <TemplateLinks />
      <UploadForm
        facility={facility}
        onJob={(job) => {
          queryClient.setQueryData(['imports', 'job', job.id], job);
          void queryClient.invalidateQueries({ queryKey: ['imports', 'jobs'] });
          setActiveId(job.id);
        }}
      />
      {activeId ? <JobView jobId={activeId} /> : null}
      <ReviewQueue jobId={activeId} />
      <JobList facility={null} activeId={activeId} onOpen={setActiveId} />
    </Stack>
  );
}
