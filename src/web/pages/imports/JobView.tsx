import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../../shared/format.ts';
import type { Lang } from '../../../shared/messages.ts';
import type { ImportJob, ImportState } from '../../../shared/schemas/imports.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { ImportErrors } from './ImportErrors.tsx';
import { isRunning, useImportJob, useImportsApi } from './imports-api.ts';
import { MappingStep } from './MappingStep.tsx';
import { type CountKey, countLabel, personsCreatedText } from './outcome-text.ts';

export const STATE_COLOURS: Record<ImportState, string> = {
  queued: 'gray',
  running: 'blue',
  needs_mapping: 'orange',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

const COUNTS = [
  ['imported', 'green'],
  ['skipped', 'gray'],
  ['failed', 'red'],
  ['review', 'orange'],
] as const;

/** "3" for a count, "3 (1 left)" for rows sent to review of which some are decided. */
export function countText(job: ImportJob, key: CountKey, lang: Lang, t: TFunction): string {
  const count = formatNumber(job.counts[key], lang);
  if (key !== 'review' || job.reviewPending === job.counts.review) return count;
  return `${count} (${t('imports.counts.reviewLeft', { count: job.reviewPending })})`;
}

/** Whether a count still asks for attention (rows to review count only while some wait for a decision). */
export const countActive = (job: ImportJob, key: CountKey) =>
  key === 'review' ? job.reviewPending > 0 : job.counts[key] > 0;

/** The four outcomes of a job's rows as coloured badges. */
export function CountBadges({ job, size = 'lg' }: { job: ImportJob; size?: 'sm' | 'lg' }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <Group gap="xs" data-testid="import-counts">
      {COUNTS.map(([key, colour]) => (
        <Badge
          key={key}
          color={colour}
          variant={countActive(job, key) ? 'filled' : 'light'}
          size={size}
          data-testid={`count-${key}`}
          data-count={job.counts[key]}
          style={{ textTransform: 'none' }}
        >
          {countLabel(job, key, t)}: {countText(job, key, lang, t)}
        </Badge>
      ))}
    </Group>
  );
}

function JobProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const running = isRunning(job);
  const total = job.totalRows;
  const read = formatNumber(job.counts.read, lang);
  // Until the whole file is read the number of rows is unknown: the share of its bytes read stands in
  // (held below 100 until the job is done).
  const share =
    job.sizeBytes > 0 && job.bytesRead > 0 ? Math.min(99, (job.bytesRead / job.sizeBytes) * 100) : null;
  const value =
    job.state === 'done'
      ? 100
      : total
        ? Math.min(100, (job.counts.read / total) * 100)
        : (share ?? (running ? 100 : 0));
  const label =
    total !== null
      ? t('imports.progress.rows', { read, total: formatNumber(total, lang) })
      : share !== null
        ? t('imports.progress.rowsPercent', { read, percent: formatPercent(share / 100, lang, 0) })
        : t('imports.progress.rowsUnknown', { read });
  return (
    <Stack gap={6}>
      <Progress
        value={value}
        size="lg"
        striped={running}
        animated={running}
        color={job.state === 'failed' ? 'red' : job.state === 'done' ? 'green' : 'blue'}
        aria-label={label}
        data-testid="import-progress"
        data-value={Math.round(value)}
        data-running={running}
      />
      <Text size="sm" data-testid="import-rows">
        {label}
      </Text>
    </Stack>
  );
}

/** Cancels a job that has not ended (the batches already written stay). */
function CancelJob({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const imports = useImportsApi();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(['imports', 'job', jobId], await imports.cancel(jobId));
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="sm" wrap="wrap">
      <Button
        variant="default"
        color="red"
        size="xs"
        onClick={cancel}
        loading={busy}
        data-testid="import-cancel"
        aria-describedby={`import-cancel-hint-${jobId}`}
      >
        {t('imports.progress.cancel')}
      </Button>
      <Text size="xs" c="dimmed" id={`import-cancel-hint-${jobId}`}>
        {t('imports.progress.cancelHint')}
      </Text>
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : null}
    </Group>
  );
}

function seconds(job: ImportJob): number {
  if (!job.finishedAt) return 0;
  const from = Date.parse(job.startedAt ?? job.createdAt);
  return Math.max(0, Math.round((Date.parse(job.finishedAt) - from) / 100) / 10);
}

/**
 * One job: the mapping step while it waits for one; else its progress (polled every 500 ms while it
 * runs), the counts, the result and the failed rows with the error report.
 */
export function JobView({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const query = useImportJob(jobId);
  const queryClient = useQueryClient();
  const state = query.data?.state;
  useEffect(() => {
    // A job that moves on changes the list of jobs and the review queue too.
    if (state)
      void queryClient.invalidateQueries({
        queryKey: ['imports'],
        predicate: (q) => q.queryKey[1] !== 'job',
      });
  }, [state, queryClient]);
  return (
    <QueryState query={query}>
      {(job) => (
        <Stack data-testid="import-job" data-state={job.state}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Title order={3} fz="md" style={{ wordBreak: 'break-all' }}>
                  {job.filename}
                </Title>
                <Group gap={6}>
                  {job.dryRun ? (
                    <Badge variant="outline" color="grape">
                      {t('imports.jobs.dryRun')}
                    </Badge>
                  ) : null}
                  <Badge color={STATE_COLOURS[job.state]} data-testid="import-state">
                    {t(`imports.states.${job.state}`)}
                  </Badge>
                </Group>
              </Group>
              <Text size="sm" c="dimmed">
                {job.facilityName} · {job.facilityCode}
                {job.encoding
                  ? ` · ${t('imports.progress.encoding', { encoding: job.encoding.toUpperCase() })}`
                  : ''}
              </Text>
              {job.state !== 'needs_mapping' ? <JobProgress job={job} /> : null}
              {job.state !== 'needs_mapping' ? <CountBadges job={job} /> : null}
              {job.state === 'queued' || job.state === 'running' || job.state === 'needs_mapping' ? (
                <CancelJob jobId={job.id} />
              ) : null}
              {job.dryRun ? (
                <Text size="sm" c="grape">
                  {t('imports.progress.dryRun')}
                </Text>
              ) : null}
              {job.state === 'done' ? (
                <Alert
                  color={job.counts.failed || job.reviewPending ? 'yellow' : 'green'}
                  title={job.dryRun ? t('imports.progress.doneDryTitle') : t('imports.progress.doneTitle')}
                  data-testid="import-result"
                >
                  {t('imports.progress.doneLead', {
                    read: formatNumber(job.counts.read, lang),
                    seconds: formatNumber(seconds(job), lang),
                  })}
                  {job.counts.personsCreated
                    ? ` ${personsCreatedText(job, t, formatNumber(job.counts.personsCreated, lang))}`
                    : ''}
                </Alert>
              ) : null}
              {job.state === 'failed' ? (
                <Alert
                  color="red"
                  title={t('imports.progress.failedTitle')}
                  role="alert"
                  data-testid="import-failed"
                >
                  {job.error?.[lang] ?? ''}
                </Alert>
              ) : null}
            </Stack>
          </Paper>
          {job.state === 'needs_mapping' ? <MappingStep key={job.id} job={job} /> : null}
          {job.state === 'done' && job.counts.failed > 0 ? <ImportErrors job={job} /> : null}
        </Stack>
      )}
    </QueryState>
  );
}
