import { Badge, Group, Pagination, Paper, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { useImportJobs } from './imports-api.ts';
import { STATE_COLOURS } from './JobView.tsx';

const LIMIT = 10;

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
                <Table.ScrollContainer minWidth={300}>
                  <Table highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('imports.jobs.file')}</Table.Th>
                        <Table.Th>{t('imports.jobs.state')}</Table.Th>
                        <Table.Th>{t('imports.jobs.result')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((job) => (
                        <Table.Tr
                          key={job.id}
                          data-testid="import-job-row"
                          bg={job.id === activeId ? 'var(--mantine-color-blue-light)' : undefined}
                        >
                          <Table.Td>
                            <UnstyledButton
                              onClick={() => onOpen(job.id)}
                              aria-label={t('imports.jobs.open', { file: job.filename })}
                              aria-current={job.id === activeId ? 'true' : undefined}
                            >
                              <Text
                                size="sm"
                                fw={500}
                                c="blue"
                                td="underline"
                                style={{ wordBreak: 'break-all' }}
                              >
                                {job.filename}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {new Date(job.createdAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')} ·{' '}
                                {job.facilityCode}
                              </Text>
                            </UnstyledButton>
                          </Table.Td>
                          <Table.Td>
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
                          </Table.Td>
                          <Table.Td>
                            <Text size="xs">
                              <Text span c="green.8" fw={600}>
                                {formatNumber(job.counts.imported, lang)}
                              </Text>{' '}
                              /{' '}
                              <Text span c="dimmed">
                                {formatNumber(job.counts.skipped, lang)}
                              </Text>{' '}
                              /{' '}
                              <Text span c="red.8" fw={600}>
                                {formatNumber(job.counts.failed, lang)}
                              </Text>{' '}
                              /{' '}
                              <Text span c="orange.8" fw={600}>
                                {formatNumber(job.counts.review, lang)}
                              </Text>
                            </Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Text size="xs" c="dimmed">
                  {t('imports.counts.imported')} / {t('imports.counts.skipped')} /{' '}
                  {t('imports.counts.failed')} / {t('imports.counts.review')}
                </Text>
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
