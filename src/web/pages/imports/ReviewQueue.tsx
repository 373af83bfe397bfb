import { Alert, Badge, Button, Group, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../shared/format.ts';
import type { ReviewItem, ReviewResolution } from '../../../shared/schemas/imports.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { problemText } from '../../lib/forms.ts';
import { useImportsApi, useReviewQueue } from './imports-api.ts';

type Candidate = ReviewItem['candidates'][number];

/**
 * The rows waiting for a person to decide (of one job, or all within reach): the row as read, why it
 * waits, the candidates with masked identifiers, score and reasons, and "This person" / "New person" /
 * "Reject". After a decision the focus moves to the next item, so the queue can be worked by keyboard.
 */
export function ReviewQueue({ jobId }: { jobId: string | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [page, setPage] = useState(1);
  const [done, setDone] = useState<ReviewItem['resolution']>(null);
  const list = useRef<HTMLDivElement>(null);
  const queue = useReviewQueue(jobId, page);
  const resolved = (item: ReviewItem) => {
    setDone(item.resolution);
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus(),
    );
  };
  return (
    <Paper withBorder p="md" data-testid="import-review">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.review.title')}
          {queue.data?.total ? ` (${formatNumber(queue.data.total, lang)})` : ''}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.review.lead')}
        </Text>
        <Text size="sm" c="green.8" aria-live="polite" data-testid="review-done">
          {done ? t(`imports.review.done.${done}`) : ''}
        </Text>
        <QueryState query={queue}>
          {(data) =>
            data.items.length ? (
              <Stack gap="sm" ref={list}>
                {data.items.map((item) => (
                  <ReviewCard key={item.id} item={item} onResolved={resolved} />
                ))}
                {data.total > data.pageSize ? (
                  <Pagination
                    total={Math.ceil(data.total / data.pageSize)}
                    value={page}
                    onChange={setPage}
                    size="sm"
                  />
                ) : null}
              </Stack>
            ) : (
              <Text c="dimmed">{t('imports.review.empty')}</Text>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}

function ReviewCard({ item, onResolved }: { item: ReviewItem; onResolved: (item: ReviewItem) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const imports = useImportsApi();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const row = item.row;
  const decide = async (resolution: ReviewResolution, key: string) => {
    setBusy(key);
    setError(null);
    try {
      const result = await imports.resolveReview(item.id, resolution);
      await queryClient.invalidateQueries({ queryKey: ['imports'] });
      onResolved(result);
    } catch (e) {
      setError(problemText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const dose = {
    number: row.doseNumber ?? '',
    vaccine: row.vaccineCode,
    date: formatDate(row.givenOn, lang),
  };
  return (
    <Paper
      withBorder
      p="sm"
      bg="var(--mantine-color-gray-0)"
      data-testid="review-item"
      role="group"
      aria-label={`${t('imports.review.row', { row: item.rowNumber })}: ${row.fullName}`}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600}>
            {row.fullName}{' '}
            <Text span size="sm" c="dimmed" fw={400}>
              · {t('imports.review.born', { date: formatDate(row.birthDate, lang) })}
            </Text>
          </Text>
          <Badge variant="light" color="gray" style={{ textTransform: 'none' }}>
            {t('imports.review.row', { row: item.rowNumber })}
          </Badge>
        </Group>
        <Text size="sm">
          {row.doseNumber ? t('imports.review.dose', dose) : t('imports.review.doseNoNumber', dose)}
        </Text>
        <Badge
          color="orange"
          variant="light"
          style={{ textTransform: 'none', alignSelf: 'flex-start' }}
          data-testid="review-reason"
        >
          {t(`imports.review.reason.${item.reason}`, { number: row.doseNumber ?? '' })}
        </Badge>
        <Text size="sm" fw={500} mt={4}>
          {t(
            item.reason === 'missing_earlier_dose' || item.reason === 'conflicting_dose'
              ? 'imports.review.rowPerson'
              : 'imports.review.candidates',
          )}
        </Text>
        {item.outsideReach ? (
          <Alert color="yellow" data-testid="outside-reach">
            {t('imports.review.outsideReach')}
          </Alert>
        ) : null}
        {item.candidates.length || item.outsideReach ? (
          item.candidates.map((c) => (
            <CandidateRow
              key={c.personId}
              candidate={c}
              busy={busy}
              onMatch={() => decide({ action: 'match', personId: c.personId }, c.personId)}
            />
          ))
        ) : (
          <Text size="sm" c="dimmed">
            {t('imports.review.noCandidates')}
          </Text>
        )}
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group gap="xs" mt={4}>
          <Button
            variant="light"
            onClick={() => decide({ action: 'create' }, 'create')}
            loading={busy === 'create'}
            disabled={Boolean(busy)}
            data-testid="review-create"
          >
            {t('imports.review.newPerson')}
          </Button>
          <Button
            variant="subtle"
            color="red"
            onClick={() => decide({ action: 'reject' }, 'reject')}
            loading={busy === 'reject'}
            disabled={Boolean(busy)}
            data-testid="review-reject"
          >
            {t('imports.review.reject')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CandidateRow({
  candidate: c,
  busy,
  onMatch,
}: {
  candidate: Candidate;
  busy: string | null;
  onMatch: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const ids = [
    c.cccdLast4 ? `CCCD •••• ${c.cccdLast4}` : null,
    c.phoneLast3 ? `☎ ••• ${c.phoneLast3}` : null,
  ];
  return (
    <Paper withBorder p="xs" data-testid="review-candidate">
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <div style={{ minWidth: 0, flex: '1 1 180px' }}>
          <Text size="sm" fw={500}>
            {c.fullName}{' '}
            <Text span size="xs" c="dimmed">
              · {formatDate(c.birthDate, lang)} · {t(`common.sex.${c.sex}`)}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {[c.unitName, ...ids].filter(Boolean).join(' · ')}
          </Text>
          <Group gap={4} mt={2}>
            <Badge size="sm" variant="outline" style={{ textTransform: 'none' }}>
              {t('imports.review.score', { score: formatNumber(Math.round(c.score * 100) / 100, lang) })}
            </Badge>
            {c.reasons.map((r) => (
              <Badge key={r} size="sm" variant="light" color="gray" style={{ textTransform: 'none' }}>
                {t(`imports.review.reasons.${r}`, { defaultValue: r })}
              </Badge>
            ))}
          </Group>
          {c.existingDose ? (
            <Text size="xs" c="orange.8" mt={2}>
              {t('imports.review.existingDose', {
                number: c.existingDose.doseNumber,
                vaccine: c.existingDose.vaccineCode,
                date: formatDate(c.existingDose.givenOn, lang),
              })}
            </Text>
          ) : null}
        </div>
        <Button
          size="xs"
          onClick={onMatch}
          loading={busy === c.personId}
          disabled={Boolean(busy)}
          data-testid="review-match"
        >
          {t('imports.review.thisPerson')}
        </Button>
      </Group>
    </Paper>
  );
}
