import { Alert, Button, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import type { PersonSummary } from '../../../shared/schemas/people.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { PeopleSearch } from './PeopleSearch.tsx';

/** Choose the record to keep and its duplicate, give a reason, merge; recent merges below. */
export function MergePanel() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [winner, setWinner] = useState<PersonSummary | null>(null);
  const [loser, setLoser] = useState<PersonSummary | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const merge = useApiAction({
    submit: ({ winner, loser }: { winner: PersonSummary; loser: PersonSummary }) =>
      api.people.merge({ body: { winnerId: winner.id, loserId: loser.id, reason } }),
    onSuccess: async () => {
      setMessage({ ok: true, text: t('staff.merge.done') });
      setWinner(null);
      setLoser(null);
      setReason('');
      await queryClient.invalidateQueries();
    },
  });
  const merges = useQuery({ queryKey: ['merges'], queryFn: () => api.people.merges() });
  const pick = (p: PersonSummary) => (winner ? setLoser(p) : setWinner(p));
  const label = (p: PersonSummary | null) =>
    p ? `${p.fullName} · ${formatDate(p.birthDate, lang)} · ${p.unitName ?? ''}` : t('staff.merge.pick');

  return (
    <Stack>
      <Text size="sm">{t('staff.merge.lead')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t('staff.merge.winner')}
          </Text>
          <Text fw={600}>{label(winner)}</Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="xs" c="dimmed">
            {t('staff.merge.loser')}
          </Text>
          <Text fw={600}>{label(loser)}</Text>
        </Paper>
      </SimpleGrid>
      <PeopleSearch onPick={pick} testId="merge-search" />
      <Textarea
        label={t('staff.merge.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      {message ? <Alert color="green">{message.text}</Alert> : null}
      <ProblemAlert problem={merge.problem} />
      <Button
        disabled={!winner || !loser || reason.trim().length < 3}
        loading={merge.busy}
        onClick={() => {
          setMessage(null);
          if (winner && loser) void merge.run({ winner, loser });
        }}
      >
        {t('staff.merge.submit')}
      </Button>
      <Title order={3} fz="md">
        {t('staff.merge.history')}
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table>
          <Table.Tbody>
            {(merges.data?.items ?? []).map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{formatDateTime(m.mergedAt, lang)}</Table.Td>
                <Table.Td>
                  {m.loserName} → {m.winnerName}
                </Table.Td>
                <Table.Td>{m.mergedBy}</Table.Td>
                <Table.Td>{m.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
