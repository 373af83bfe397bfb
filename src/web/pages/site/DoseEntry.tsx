import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDate } from '../../../shared/format.ts';
import type { doseRecordSchema } from '../../../shared/schemas/doses.ts';
import type { DayListEntry } from '../../../shared/schemas/visits.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { isNetworkError, reportNetwork } from '../../lib/offline-cache.ts';
import { useOfflineSite } from '../../lib/offline-hooks.ts';
import { enqueueDose } from '../../lib/offline-queue.ts';
import { siteReads } from '../../lib/offline-site.ts';

type DoseRecordInput = z.input<typeof doseRecordSchema>;

const VACCINATOR_KEY = 'sskdt.vaccinator';

/**
 * Whether the submit may take the focus: it is on nothing, or on this person's row. A form that becomes
 * ready late (its record read from a busy device, the vaccinator's name just typed) must not take the
 * focus from the row or field the vaccinator is on, or the next Enter would record the wrong person.
 */
function focusIsOurs(registrationId: string): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  return active.closest('[data-registration]')?.getAttribute('data-registration') === registrationId;
}

/**
 * One-screen dose entry for the person chosen on the day list: the vaccine (the session's, else the
 * status engine's first option), the lot (first to expire among the unexpired: FEFO) and the dose
 * number come pre-filled, the vaccinator is remembered on this device; the submit button has focus, so
 * Enter records. Each attempt carries a fresh UUID and a resend of it returns the same record.
 * Without a network (the browser says offline, or the request fails on the way) the dose goes to the
 * device's queue with that UUID, the dose number shown and the time it was given, and is sent later.
 */
export function DoseEntry({
  entry,
  today,
  onRecorded,
  focusKey,
}: {
  entry: DayListEntry;
  today: string;
  onRecorded: (message: string) => void;
  /** Changed by the day list when Enter is pressed on the person's row: the submit takes focus again. */
  focusKey?: number;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const site = useOfflineSite();
  const reads = site ? siteReads(site) : null;
  // 'always': without a network the reads answer from the device instead of waiting for one.
  const record = useQuery({
    queryKey: ['staff-vaccination', entry.personId],
    queryFn: () =>
      reads ? reads.record(entry.personId) : api.doses.personVaccination({ params: { id: entry.personId } }),
    networkMode: 'always',
  });
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => (reads ? reads.vaccines() : api.vaccines.list().then((r) => r.items)),
    networkMode: 'always',
  });
  const next = record.data?.status.nextDose ?? null;
  // No dose yet: the first dose of any vaccine in the catalogue (the session's by default).
  const firstDose = record.data?.status.state === 'none';
  const [vaccine, setVaccine] = useState<string | null>(null);
  const chosenVaccine = vaccine ?? entry.vaccineCode ?? next?.options[0] ?? null;
  const lots = useQuery({
    queryKey: ['lots', chosenVaccine],
    queryFn: () =>
      reads && chosenVaccine
        ? reads.lots(chosenVaccine)
        : api.stock.lots({ query: { vaccine: chosenVaccine ?? undefined } }).then((r) => r.items),
    enabled: Boolean(chosenVaccine),
    networkMode: 'always',
  });
  const usable = (lots.data ?? [])
    .filter((l) => l.expiresOn >= today)
    .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
  const [lot, setLot] = useState<string | null>(null);
  const chosenLot = lot && usable.some((l) => l.id === lot) ? lot : (usable[0]?.id ?? null);
  const [vaccinator, setVaccinator] = useState(() => localStorage.getItem(VACCINATOR_KEY) ?? '');
  const [override, setOverride] = useState('');
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const submitRef = useRef<HTMLButtonElement>(null);
  const submitting = useRef(false);
  const ready = Boolean(chosenVaccine && chosenLot && record.data && vaccinator.trim());

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again when the person changes, the form becomes ready or Enter is pressed on the person's row
  useEffect(() => {
    if (ready && focusIsOurs(entry.registrationId)) submitRef.current?.focus();
  }, [ready, entry.registrationId, focusKey]);

  const names = new Map((vaccines.data ?? []).map((v) => [v.code, v.name]));
  const doseNumber = next?.number ?? (firstDose ? 1 : undefined);

  /** Keeps the dose on this device to send later (same UUID: a repeated send records it once). */
  const queue = async (payload: DoseRecordInput, givenAt: Date, sentOnline: boolean) => {
    if (!site) return false;
    const lotNumber = usable.find((l) => l.id === payload.lotId)?.lotNumber ?? '';
    await enqueueDose({
      payload: { ...payload, doseNumber, givenAt: givenAt.toISOString() },
      staffId: site.staffId,
      staffName: site.staffName,
      facilityId: site.facilityId,
      registrationId: entry.registrationId,
      personId: entry.personId,
      fullName: entry.fullName,
      doseNumber: doseNumber ?? null,
      vaccineCode: payload.vaccineCode,
      lotNumber,
      sentOnline,
    });
    return true;
  };
  const queued = () => {
    setAttempt(crypto.randomUUID());
    onRecorded(t('site.offline.queued', { number: doseNumber ?? '?', name: entry.fullName }));
  };
  /** Online: recorded now; offline, or when the request may not have arrived: queued with the same UUID. */
  const recording = useApiAction({
    submit: async (payload: DoseRecordInput) => {
      const givenAt = new Date();
      if (site && !navigator.onLine && (await queue(payload, givenAt, false))) return null;
      return api.doses.recordDose({ body: payload }).catch(async (err: unknown) => {
        if (isNetworkError(err) && (await queue(payload, givenAt, true).catch(() => false))) {
          reportNetwork(err);
          return null;
        }
        throw err;
      });
    },
    onSuccess: (result) => {
      if (!result) return queued();
      setAttempt(crypto.randomUUID());
      onRecorded(t('site.dose.recorded', { number: result.dose.doseNumber, name: entry.fullName }));
    },
    onSettled: () => {
      submitting.current = false;
    },
  });
  const error = recording.problem;
  const busy = recording.busy;

  return (
    <Paper withBorder p="md" data-testid="dose-entry">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // One dose per press, however fast the keys: the state would update too late.
          if (!chosenVaccine || !chosenLot || submitting.current) return;
          submitting.current = true;
          localStorage.setItem(VACCINATOR_KEY, vaccinator);
          void recording.run({
            id: attempt,
            personId: entry.personId,
            vaccineCode: chosenVaccine,
            lotId: chosenLot,
            vaccinator: vaccinator || undefined,
            overrideReason: override || undefined,
          });
        }}
      >
        <Stack gap="sm">
          <Title order={3} fz="md">
            {t('site.dose.title', { name: entry.fullName })}
          </Title>
          {next && today < next.earliest ? (
            <Alert color="orange" data-testid="dose-too-early">
              {t('site.dose.tooEarly', {
                number: next.number,
                date: formatDate(next.earliest, lang),
                minDays: next.minDays,
                after: formatDate(next.after, lang),
              })}
            </Alert>
          ) : next || firstDose ? (
            <Group gap="xs">
              <Badge color="blue" variant="light" data-testid="dose-suggestion">
                {t('site.dose.next', {
                  number: next?.number ?? 1,
                  options: (next?.options ?? [chosenVaccine ?? '']).map((o) => names.get(o) ?? o).join(', '),
                })}
              </Badge>
            </Group>
          ) : record.data ? (
            <Text size="sm">{t('site.dose.noNext')}</Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Select
              label={t('common.vaccination.vaccine')}
              data={(vaccines.data ?? []).map((v) => ({ value: v.code, label: v.name }))}
              value={chosenVaccine}
              onChange={(v) => {
                setVaccine(v);
                setLot(null);
              }}
              allowDeselect={false}
              data-testid="dose-vaccine"
            />
            <Select
              label={t('common.vaccination.chooseLot')}
              data={usable.map((l) => ({
                value: l.id,
                label: `${l.lotNumber} · ${t('site.dose.expires', { date: formatDate(l.expiresOn, lang) })}`,
              }))}
              value={chosenLot}
              onChange={setLot}
              allowDeselect={false}
              data-testid="dose-lot"
            />
            <TextInput
              label={t('site.dose.vaccinator')}
              value={vaccinator}
              onChange={(e) => setVaccinator(e.currentTarget.value)}
              autoComplete="name"
              required
              error={vaccinator.trim() ? undefined : t('site.dose.vaccinatorRequired')}
              data-testid="dose-vaccinator"
            />
          </SimpleGrid>
          {record.isError && isNetworkError(record.error) ? (
            <Alert color="orange" data-testid="dose-no-record">
              {t('site.offline.noRecord')}
            </Alert>
          ) : null}
          {chosenVaccine && lots.isSuccess && !usable.length ? (
            <Alert color="orange">{t('site.dose.noLot')}</Alert>
          ) : null}
          {error ? (
            <>
              <ProblemAlert problem={error} data-testid="dose-error" />
              <TextInput
                label={t('common.vaccination.override')}
                value={override}
                onChange={(e) => setOverride(e.currentTarget.value)}
              />
            </>
          ) : null}
          <Button
            type="submit"
            ref={submitRef}
            loading={busy}
            disabled={!ready}
            size="md"
            data-testid="dose-submit"
          >
            {t('site.dose.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
