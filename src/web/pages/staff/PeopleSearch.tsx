import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../shared/format.ts';
import type { PersonSummary } from '../../../shared/schemas/people.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';

/** Search within the jurisdiction; results link to the person page (or call `onPick` in the merge screen). */
export function PeopleSearch({
  onPick,
  testId = 'people-search',
}: {
  onPick?: (p: PersonSummary) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [text, setText] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [submitted, setSubmitted] = useState<{ q: string; birthDate?: string } | null>(null);
  const results = useQuery({
    queryKey: ['people', submitted],
    queryFn: () =>
      api.people.search({ query: { q: submitted!.q, birthDate: submitted!.birthDate, limit: 50 } }),
    enabled: submitted !== null,
  });
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) setSubmitted({ q: text.trim(), birthDate: birthDate || undefined });
        }}
      >
        <Group align="end" wrap="wrap">
          <TextInput
            style={{ flex: '1 1 240px' }}
            label={t('staff.search.label')}
            placeholder={t('staff.search.placeholder')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            leftSection={<IconSearch size={16} aria-hidden />}
            data-testid={`${testId}-input`}
          />
          <TextInput
            label={t('staff.search.birthDate')}
            type="date"
            value={birthDate}
            onChange={(e) => setBirthDate(e.currentTarget.value)}
          />
          <Button type="submit" data-testid={`${testId}-submit`}>
            {t('staff.search.submit')}
          </Button>
        </Group>
      </form>
      {onPick ? null : (
        <Text size="xs" c="dimmed">
          {t('staff.search.audited')}
        </Text>
      )}
      {submitted ? (
        <QueryState query={results}>
          {(page) =>
            page.total ? (
              <>
                <Text size="sm" c="dimmed" aria-live="polite">
                  {t('staff.search.results', { count: page.total })}
                </Text>
                <Table.ScrollContainer minWidth={560}>
                  <Table striped highlightOnHover data-testid={`${testId}-results`}>
                    <Table.Tbody>
                      {page.items.map((p) => (
                        <Table.Tr key={p.id}>
                          <Table.Td>
                            {onPick ? (
                              <Button variant="subtle" size="compact-sm" onClick={() => onPick(p)}>
                                {p.fullName}
                              </Button>
                            ) : (
                              <Link to={`/staff/people/${p.id}`}>{p.fullName}</Link>
                            )}
                            {p.isDemo ? (
                              <Badge size="xs" ml={6} color="yellow" variant="light">
                                demo
                              </Badge>
                            ) : null}
                          </Table.Td>
                          <Table.Td>{formatDate(p.birthDate, lang)}</Table.Td>
                          <Table.Td>{t(`common.sex.${p.sex}`)}</Table.Td>
                          <Table.Td>{p.cccdLast4 ? `CCCD …${p.cccdLast4}` : '—'}</Table.Td>
                          <Table.Td>{p.unitName ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            ) : (
              <Alert>{t('staff.search.none')}</Alert>
            )
          }
        </QueryState>
      ) : null}
    </Stack>
  );
}
