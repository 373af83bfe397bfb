import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facility } from '../../../shared/schemas/places.ts';
import { FacilitySelect } from '../../components/FacilitySelect.tsx';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { ownFacility, type StaffMe } from '../../lib/permissions.ts';
import { useOwnFacility } from './imports-api.ts';
import { JobList } from './JobList.tsx';
import { JobView } from './JobView.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { TemplateLinks, UploadForm } from './UploadForm.tsx';

/** The facility of a manager's import: one within reach, found by name or code; code and commune shown. */
function FacilityField({ onFacility }: { onFacility: (code: string | null) => void }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Facility | null>(null);
  return (
    <Paper withBorder p="md">
      <FacilitySelect
        label={t('imports.facility.label')}
        description={chosen ? `${chosen.code} · ${chosen.unitName}` : t('imports.facility.hint')}
        placeholder={t('imports.facility.placeholder')}
        value={chosen?.code ?? null}
        onChange={(facility) => {
          setChosen(facility);
          onFacility(facility?.code ?? null);
        }}
        data-testid="import-facility"
      />
    </Paper>
  );
}

/** Site staff import for their own facility: its name and code. */
function OwnFacility({ onFacility }: { onFacility: (code: string | null) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const own = useOwnFacility();
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
export function ImportsPanel({ actor }: { actor: StaffMe }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const site = Boolean(ownFacility(actor));
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
