import { Button, Group, Pagination, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.ts';
import type { ImportJob } from '../../../shared/schemas/imports.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { reportUrl, useImportErrors } from './imports-api.ts';
import { fieldLabel } from './MappingStep.tsx';

const PAGE_SIZE = 20;

/** A job's failed rows, page by page (row, column, message in the current language), and the report. */
export function ImportErrors({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [page, setPage] = useState(1);
  const errors = useImportErrors(job.id, page, PAGE_SIZE);
  return (
    <Paper withBorder p="md" data-testid="import-errors">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} fz="md">
            {t('imports.errors.title')} ({formatNumber(job.counts.failed, lang)})
          </Title>
          {job.fileDeletedAt ? null : (
            <Button
              component="a"
              href={reportUrl(job.id)}
              download
              variant="light"
              color="red"
              leftSection={<IconDownload size={18} />}
              data-testid="import-report"
            >
              {t('imports.errors.download')}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed" data-testid={job.fileDeletedAt ? 'import-file-deleted' : undefined}>
          {t(job.fileDeletedAt ? 'imports.errors.fileDeleted' : 'imports.errors.downloadHint')}
        </Text>
        <QueryState query={errors}>
          {(data) =>
            data.items.length ? (
              <>
                <Table.ScrollContainer minWidth={320}>
                  <Table striped data-testid="import-error-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={60}>{t('imports.errors.row')}</Table.Th>
                        <Table.Th>{t('imports.errors.column')}</Table.Th>
                        <Table.Th>{t('imports.errors.message')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((e) => (
                        <Table.Tr
                          key={`${e.rowNumber}-${e.column ?? e.field}-${e.code}`}
                          data-testid="import-error-row"
                        >
                          <Table.Td>{e.rowNumber}</Table.Td>
                          <Table.Td>{e.column ?? (e.field ? fieldLabel(e.field, lang) : '—')}</Table.Td>
                          <Table.Td>{e.message[lang]}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                {data.total > PAGE_SIZE ? (
                  <Pagination
                    total={Math.ceil(data.total / PAGE_SIZE)}
                    value={page}
                    onChange={setPage}
                    size="sm"
                    aria-label={t('imports.errors.pages')}
                  />
                ) : null}
              </>
            ) : (
              <Text c="dimmed">{t('imports.errors.none')}</Text>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}
