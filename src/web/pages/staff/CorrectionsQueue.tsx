import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Correction } from '../../../shared/schemas/corrections.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

/** The jurisdiction's correction requests, each with approve / ask for more / reject. */
export function CorrectionsQueue() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending' | 'needs_info' | 'approved' | 'rejected'>('pending');
  const queue = useQuery({
    queryKey: ['queue', status],
    queryFn: () => api.corrections.queue({ query: { status: status } }),
  });
  return (
    <Stack>
      <SegmentedControl
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        data={(['pending', 'needs_info', 'approved', 'rejected'] as const).map((s) => ({
          value: s,
          label: t(`common.correctionStatus.${s}`),
        }))}
        aria-label={t('staff.corrections.status')}
      />
      <QueryState query={queue}>
        {(data) =>
          data.items.length ? (
            <Stack data-testid="correction-queue">
              {data.items.map((c) => (
                <QueueItem key={c.id} item={c} />
              ))}
            </Stack>
          ) : (
            <Text c="dimmed">{t('staff.corrections.empty')}</Text>
          )
        }
      </QueryState>
    </Stack>
  );
}

function QueueItem({ item }: { item: Correction }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const open = item.status === 'pending' || item.status === 'needs_info';
  const deciding = useApiAction({
    submit: (decision: 'approve' | 'needs_info' | 'reject') =>
      api.corrections.decide({
        params: { id: item.id },
        body: { decision: decision, note: note || undefined },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['queue'] }),
  });
  const decide = (decision: 'approve' | 'needs_info' | 'reject') => deciding.run(decision);
  return (
    <Paper withBorder p="md" data-testid="queue-item">
      <Group justify="space-between">
        <Text fw={600}>
          {item.personName} · {t(`common.correctionField.${item.field}`)}
        </Text>
        <Badge variant="light">{t(`common.correctionStatus.${item.status}`)}</Badge>
      </Group>
      <Text size="sm">
        {t('staff.corrections.from')}: <b>{item.oldValue ?? '—'}</b> → {t('staff.corrections.to')}:{' '}
        <b>{item.newValue}</b>
      </Text>
      {item.citizenNote ? (
        <Text size="sm" c="dimmed">
          {t('staff.corrections.citizenNote')}: {item.citizenNote}
        </Text>
      ) : null}
      {item.documentDeletedAt ? (
        <Text size="sm" c="dimmed" data-testid="document-deleted">
          {t('staff.corrections.documentDeleted')}
        </Text>
      ) : item.hasDocument ? (
        <Anchor href={`/api/staff/corrections/${item.id}/document`} target="_blank" size="sm">
          {t('staff.corrections.document')}
        </Anchor>
      ) : null}
      {open ? (
        <Stack gap="xs" mt="sm">
          <ProblemAlert problem={deciding.problem} />
          <TextInput
            label={t('staff.corrections.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group>
            <Button color="green" onClick={() => decide('approve')} data-testid="approve">
              {t('staff.corrections.approve')}
            </Button>
            <Button variant="light" color="orange" onClick={() => decide('needs_info')}>
              {t('staff.corrections.needsInfo')}
            </Button>
            <Button variant="light" color="red" onClick={() => decide('reject')}>
              {t('staff.corrections.reject')}
            </Button>
          </Group>
        </Stack>
      ) : item.decisionNote ? (
        <Text size="sm">{item.decisionNote}</Text>
      ) : null}
    </Paper>
  );
}
