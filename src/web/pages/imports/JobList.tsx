import { Badge, Group, Pagination, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { useImportJobs } from './imports-api.ts';
import { countActive, countText, STATE_COLOURS } from './JobView.tsx';
import { countLabel } from './outcome-text.ts';

const LIMIT = 10;
const COUNTS = [
  ['imported', 'green.8'],
  ['skipped', 'gray.7'],
  ['failed', 'red.8'],
  ['review', 'orange.8'],
] as const;

/** The past jobs within reach (of one facility when given), newest first; a row opens its job. */
export function JobList({
  facility,
  activeId,
  onOpen,
}: {
  facility: string | null;
  activeId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [page, setPage] = useState(1);
  const jobs = useImportJobs(facility, (page - 1) * LIMIT);
  return (
    <Paper withBorder p="md" data-testid="import-jobs">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.jobs.title')}
        </Title>
        <QueryState query={jobs}>
          {(data) =>
            data.items.length ? (
              <>
                <Stack gap={0}>
                  {data.items.map((job) => (
                    <Group
                      key={job.id}
                      justify="space-between"
                      align="flex-start"
                      wrap="wrap"
                      gap={6}
                      px="xs"
                      py={8}
                      data-testid="import-job-row"
                      bg={job.id === activeId ? 'var(--mantine-color-blue-light)' : undefined}
                      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
                    >
                      <UnstyledButton
                        onClick={() => onOpen(job.id)}
                        aria-label={t('imports.jobs.open', { file: job.filename })}
                        aria-current={job.id === activeId ? 'true' : undefined}
                        style={{ minWidth: 0, flex: '1 1 180px' }}
                      >
                        <Text size="sm" fw={500} c="blue" td="underline" style={{ wordBreak: 'break-all' }}>
                          {job.filename}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(job.createdAt, lang)} · {job.facilityCode}
                        </Text>
                      </UnstyledButton>
                      <Group gap={4}>
                        <Badge color={STATE_COLOURS[job.state]} size="sm">
                          {t(`imports.states.${job.state}`)}
                        </Badge>
                        {job.dryRun ? (
                          <Badge variant="outline" color="grape" size="sm">
                            {t('imports.jobs.dryRun')}
                          </Badge>
                        ) : null}
                      </Group>
                      <Text size="xs" w="100%">
                        {COUNTS.map(([key, colour], i) => (
                          <Text span key={key} c={countActive(job, key) ? colour : 'dimmed'}>
                            {i ? ' · ' : ''}
                            {countLabel(job, key, t)} {countText(job, key, lang, t)}
                          </Text>
                        ))}
                      </Text>
                    </Group>
                  ))}
                </Stack>
                {data.total > LIMIT ? (
                  <Pagination
                    total={Math.ceil(data.total / LIMIT)}
                    value={page}
                    onChange={setPage}
                    size="sm"
                  />
                ) : null}
              </>
            ) : (
              <Text c="dimmed">{t('imports.jobs.empty')}</Text>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}
