import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import type { DayListEntry } from '../../../shared/schemas/visits.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { isNetworkError, servedFromDevice } from '../../lib/offline-cache.ts';
import { useOfflineQueue, useOfflineSite } from '../../lib/offline-hooks.ts';
import { enqueueStep, listQueue } from '../../lib/offline-queue.ts';
import { queuedFor, queuedSteps, siteKeys, siteReads, withQueuedSteps } from '../../lib/offline-site.ts';
import { DoseEntry } from './DoseEntry.tsx';
import { nextStep, type Step } from './day-steps.ts';
import { ScreeningModal } from './ScreeningModal.tsx';
import { WalkInPanel } from './WalkInPanel.tsx';

const STATE_COLOUR: Record<DayListEntry['state'], string> = {
  pending: 'gray',
  scheduled: 'blue',
  checked_in: 'cyan',
  vaccinated: 'green',
  deferred: 'orange',
  cancelled: 'gray',
};

/**
 * The day at a site on one screen: counts and progress, walk-ins, the list (↑/↓ to choose, Enter for
 * the next step), the screening form and the dose entry for the chosen person. Without a network the
 * list is the one saved on this device, and a person whose dose is queued shows "waiting to sync".
 */
export function DayList({ facilityId }: { facilityId?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const site = useOfflineSite();
  const fetchDay = () =>
    site && facilityId ? siteReads(site).dayList(facilityId) : api.visits.dayList({ query: { facilityId } });
  const list = useQuery({
    queryKey: ['day-list', facilityId],
    queryFn: fetchDay,
    refetchInterval: 30_000,
    networkMode: 'always',
  });
  const queuedItems = useOfflineQueue().items;
  const queue = queuedFor(queuedItems, facilityId ?? '');
  // Check-ins and screenings queued on this device count as done here until they sync.
  const steps = queuedSteps(queuedItems, facilityId ?? '');
  const stepOf = (e: DayListEntry, queued = queue): Step =>
    queued.has(e.registrationId) && !e.dose ? 'done' : nextStep(e);
  const savedAt = facilityId ? servedFromDevice(siteKeys.day(facilityId)) : null;
  const [selected, setSelected] = useState<string | null>(null);
  const [screening, setScreening] = useState<DayListEntry | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const items = (list.data?.items ?? []).map((e) => withQueuedSteps(e, steps.get(e.registrationId)));
  const current = items.find((i) => i.registrationId === selected) ?? null;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['day-list'] });
    await queryClient.invalidateQueries({ queryKey: ['observation'] });
  };
  const select = (id: string | undefined) => {
    if (!id) return;
    setSelected(id);
    rowRefs.current.get(id)?.focus();
  };
  /** After a step, move to the next person who still needs something (the list order is the queue). */
  const selectNextOpen = async (fresh: DayListEntry[], after: string) => {
    const all = await listQueue().catch(() => []);
    const queued = queuedFor(all, facilityId ?? '');
    const queuedNow = queuedSteps(all, facilityId ?? '');
    const start = fresh.findIndex((i) => i.registrationId === after);
    const next = [...fresh.slice(start + 1), ...fresh.slice(0, start + 1)].find(
      (i) => stepOf(withQueuedSteps(i, queuedNow.get(i.registrationId)), queued) !== 'done',
    );
    if (next) select(next.registrationId);
  };
  const act = async (entry: DayListEntry) => {
    setSelected(entry.registrationId);
    const step = stepOf(entry);
    if (step === 'checkIn') {
      // Without a network the check-in is queued (the server takes it idempotently when it syncs).
      const queueCheckIn = async () => {
        if (!site || !facilityId) return false;
        await enqueueStep({
          kind: 'check_in',
          id: crypto.randomUUID(),
          at: new Date().toISOString(),
          staffId: site.staffId,
          staffName: site.staffName,
          facilityId,
          registrationId: entry.registrationId,
          personId: entry.personId,
          fullName: entry.fullName,
        });
        setMessage({ ok: true, text: t('site.offline.checkInQueued', { name: entry.fullName }) });
        void site.syncer?.syncNow();
        return true;
      };
      try {
        if (site && !navigator.onLine && (await queueCheckIn())) return;
        await api.visits.checkIn({ params: { id: entry.registrationId }, body: {} });
        setMessage(null);
        await refresh();
      } catch (e) {
        if (isNetworkError(e) && (await queueCheckIn().catch(() => false))) return;
        setMessage({ ok: false, text: problemText(e, lang) });
      }
    } else if (step === 'screen') setScreening(entry);
    else if (step === 'vaccinate') setFocusKey((k) => k + 1);
  };
  const onKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (event.key === 'ArrowDown') select(items[Math.min(index + 1, items.length - 1)]?.registrationId);
    else if (event.key === 'ArrowUp') select(items[Math.max(index - 1, 0)]?.registrationId);
    else if (event.key === 'Enter') void act(items[index]);
    else return;
    event.preventDefault();
  };

  return (
    <QueryState query={list}>
      {(day) => (
        <Stack>
          <Group justify="space-between" align="end">
            <div>
              <Title order={2} fz="h3">
                {t('site.day.heading', { date: formatDate(day.date, lang) })}
              </Title>
              <Text c="dimmed" size="sm">
                {day.facilityName}
              </Text>
            </div>
            <Text size="sm" fw={600}>
              {t('site.day.progress', { done: day.counts.vaccinated, total: day.counts.expected })}
            </Text>
          </Group>
          <Progress
            value={day.counts.expected ? (100 * day.counts.vaccinated) / day.counts.expected : 0}
            aria-label={t('site.day.progress', { done: day.counts.vaccinated, total: day.counts.expected })}
          />
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="day-counts">
            {(['expected', 'checkedIn', 'screened', 'vaccinated', 'deferred'] as const).map((k) => (
              <Paper key={k} withBorder p="xs">
                <Text size="xs" c="dimmed">
                  {t(`site.day.counts.${k}`)}
                </Text>
                <Text fw={700} fz="xl">
                  {day.counts[k]}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {savedAt ? (
            <Text size="xs" c="dimmed" data-testid="day-saved-at">
              {t('site.offline.savedAt', { time: new Date(savedAt).toLocaleTimeString(lang) })}
            </Text>
          ) : null}
          <WalkInPanel onCheckedIn={refresh} />
          {message ? (
            <Alert color={message.ok ? 'green' : 'red'} data-testid="day-message">
              {message.text}
            </Alert>
          ) : null}
          <Grid>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Text size="xs" c="dimmed" mb={4}>
                {t('site.day.keyboardHint')}
              </Text>
              {items.length ? (
                <Table.ScrollContainer minWidth={520}>
                  <Table highlightOnHover data-testid="day-list">
                    <Table.Thead>
                      <Table.Tr>
                        {/* The person first: the column that stays in view when the table scrolls. */}
                        <Table.Th>{t('site.day.colName')}</Table.Th>
                        <Table.Th>{t('site.day.colSlot')}</Table.Th>
                        <Table.Th>{t('site.day.colState')}</Table.Th>
                        <Table.Th>{t('site.day.colNext')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((e, index) => {
                        const step = stepOf(e);
                        const pendingSteps = e.dose ? undefined : steps.get(e.registrationId);
                        const queued = pendingSteps?.length
                          ? (pendingSteps.find((q) => q.state !== 'waiting') ?? pendingSteps[0])
                          : undefined;
                        const queuedDose = e.dose ? undefined : queue.get(e.registrationId);
                        return (
                          <Table.Tr
                            key={e.registrationId}
                            ref={(el) => {
                              if (el) rowRefs.current.set(e.registrationId, el);
                            }}
                            tabIndex={0}
                            aria-selected={selected === e.registrationId}
                            bg={selected === e.registrationId ? 'var(--mantine-color-blue-light)' : undefined}
                            onClick={() => setSelected(e.registrationId)}
                            onKeyDown={(ev) => onKey(ev, index)}
                            data-testid="day-row"
                            data-registration={e.registrationId}
                          >
                            <Table.Td>
                              <Text fw={600} size="sm">
                                {e.fullName}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {e.birthDate.slice(0, 4)}
                                {e.source === 'walk_in' ? ` · ${t('site.day.walkIn')}` : ''}
                              </Text>
                            </Table.Td>
                            <Table.Td>{e.slot ?? '—'}</Table.Td>
                            <Table.Td>
                              {queued ? (
                                <Badge
                                  color={queued.state === 'waiting' ? 'yellow' : 'red'}
                                  variant="light"
                                  data-testid="queued-badge"
                                  title={queued.problem?.messages[lang]}
                                >
                                  {t(
                                    queued.state === 'waiting'
                                      ? 'site.offline.waiting'
                                      : 'site.offline.attention',
                                  )}
                                </Badge>
                              ) : (
                                <Badge color={STATE_COLOUR[e.state]} variant="light">
                                  {t(`site.day.state.${e.state}`)}
                                </Badge>
                              )}
                              {e.screening ? (
                                <Text size="xs">{t(`site.screening.outcomes.${e.screening.outcome}`)}</Text>
                              ) : null}
                            </Table.Td>
                            <Table.Td>
                              {step === 'done' ? (
                                <Text size="sm" c="dimmed">
                                  {e.dose
                                    ? `${t('common.vaccination.dose')} ${e.dose.doseNumber}`
                                    : queuedDose
                                      ? `${t('common.vaccination.dose')} ${queuedDose.doseNumber ?? '?'}`
                                      : t('site.day.done')}
                                </Text>
                              ) : (
                                <Button
                                  size="xs"
                                  variant={step === 'vaccinate' ? 'filled' : 'light'}
                                  tabIndex={-1}
                                  onClick={() => void act(e)}
                                  data-testid={`step-${step}`}
                                >
                                  {t(`site.day.${step}`)}
                                </Button>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              ) : (
                <Text c="dimmed">{t('site.day.empty')}</Text>
              )}
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              {current && stepOf(current) === 'vaccinate' ? (
                <DoseEntry
                  key={current.registrationId}
                  focusKey={focusKey}
                  entry={current}
                  today={day.date}
                  onRecorded={async (text) => {
                    setMessage({ ok: true, text });
                    await refresh();
                    const fresh = await queryClient.fetchQuery({
                      queryKey: ['day-list', facilityId],
                      queryFn: fetchDay,
                      networkMode: 'always',
                    });
                    await selectNextOpen(fresh.items, current.registrationId);
                  }}
                />
              ) : (
                <Paper withBorder p="md">
                  <Text size="sm" c="dimmed">
                    {current && queue.has(current.registrationId) && !current.dose
                      ? t('site.offline.waitingHint')
                      : current && nextStep(current) === 'done' && !current.dose
                        ? t('site.dose.notScreened')
                        : t('site.dose.pick')}
                  </Text>
                </Paper>
              )}
            </Grid.Col>
          </Grid>
          {screening ? (
            <ScreeningModal
              registrationId={screening.registrationId}
              personId={screening.personId}
              today={day.date}
              name={screening.fullName}
              onClose={() => setScreening(null)}
              onSaved={async (_outcome, queued) => {
                const id = screening.registrationId;
                if (queued)
                  setMessage({
                    ok: true,
                    text: t('site.offline.screeningQueued', { name: screening.fullName }),
                  });
                setScreening(null);
                await refresh();
                select(id);
              }}
            />
          ) : null}
        </Stack>
      )}
    </QueryState>
  );
}
