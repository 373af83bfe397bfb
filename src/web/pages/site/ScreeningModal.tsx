import {
  Alert,
  Button,
  Checkbox,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import { formatMessage } from '../../../shared/messages.ts';
import {
  OUTCOME_WEIGHT,
  SCREENING_CHECKLIST,
  SCREENING_OUTCOMES,
  type ScreeningChecklist,
  type ScreeningDue,
  type ScreeningOutcome,
  suggestScreeningOutcome,
  type VitalSigns,
} from '../../../shared/rules/screening.ts';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText, serverFieldError } from '../../lib/forms.ts';
import { isNetworkError } from '../../lib/offline-cache.ts';
import { useOfflineSite } from '../../lib/offline-hooks.ts';
import { enqueueStep } from '../../lib/offline-queue.ts';
import { siteReads } from '../../lib/offline-site.ts';

const NO = Object.fromEntries(SCREENING_CHECKLIST.map((k) => [k, false])) as ScreeningChecklist;
const VITALS = ['temperatureC', 'pulse', 'systolic', 'diastolic', 'respiratoryRate', 'spo2'] as const;
const OUTCOME_COLOUR: Record<ScreeningOutcome, string> = {
  vaccinate: 'green',
  caution: 'yellow',
  defer: 'orange',
  contraindicated: 'red',
  hospital: 'grape',
};

/** Every sign starts empty: a value is only ever one somebody measured. */
const EMPTY = Object.fromEntries(VITALS.map((k) => [k, ''])) as Record<(typeof VITALS)[number], number | ''>;

/**
 * The Decision 5785 screening for one checked-in person: the dose due (its number, earliest day and
 * the interval rule behind it), the checklist (all "no" to start), vital signs (empty until measured;
 * one left empty is saved as not measured), the outcome suggested live by the same rule the server
 * applies, and the doctor's choice. Keyboard: the temperature field has focus, Tab moves on, Enter saves.
 */
export function ScreeningModal({
  registrationId,
  personId,
  today,
  name,
  onClose,
  onSaved,
}: {
  registrationId: string;
  personId: string;
  today: string;
  name: string;
  onClose: () => void;
  onSaved: (outcome: ScreeningOutcome, queued?: boolean) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const site = useOfflineSite();
  const record = useQuery({
    queryKey: ['staff-vaccination', personId],
    queryFn: () =>
      site ? siteReads(site).record(personId) : api.doses.personVaccination({ params: { id: personId } }),
    networkMode: 'always',
  });
  const nextDose = record.data?.status.nextDose ?? null;
  const due: ScreeningDue | undefined = record.data ? { today, nextDose } : undefined;
  const [id] = useState(() => crypto.randomUUID());
  const [checklist, setChecklist] = useState<ScreeningChecklist>(NO);
  const [vitals, setVitals] = useState(EMPTY);
  const [chosen, setChosen] = useState<ScreeningOutcome | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const measured = useMemo(
    () =>
      Object.fromEntries(
        VITALS.map((k) => [k, vitals[k] === '' ? null : vitals[k]]),
      ) as unknown as VitalSigns,
    [vitals],
  );
  const suggestion = useMemo(
    () => suggestScreeningOutcome(checklist, measured, due),
    [checklist, measured, due],
  );
  const outcome = chosen ?? suggestion.outcome;
  const milder = OUTCOME_WEIGHT[outcome] < OUTCOME_WEIGHT[suggestion.outcome];

  const submit = async () => {
    setBusy(true);
    setError(null);
    const payload = {
      id,
      checklist,
      vitals: measured,
      outcome,
      overrideReason: milder ? overrideReason : undefined,
      note: note || undefined,
    };
    /**
     * Without a network the screening is saved on the device, with the outcome this device suggested by
     * the same rule the server applies (the server checks it again when it syncs); the same id makes
     * the first online request and the queued one one screening.
     */
    const queue = async () => {
      if (!site) return false;
      if (milder && overrideReason.trim().length < 3) return false;
      await enqueueStep({
        kind: 'screening',
        id,
        at: new Date().toISOString(),
        payload: { ...payload, overrideReason: milder ? overrideReason.trim() : undefined },
        suggestedOutcome: suggestion.outcome,
        staffId: site.staffId,
        staffName: site.staffName,
        facilityId: site.facilityId,
        registrationId,
        personId,
        fullName: name,
      });
      void site.syncer?.syncNow();
      onSaved(outcome, true);
      return true;
    };
    try {
      if (site && !navigator.onLine && (await queue())) return;
      const saved = await api.visits.screen({ params: { id: registrationId }, body: payload });
      onSaved(saved.outcome);
    } catch (e) {
      if (isNetworkError(e) && (await queue().catch(() => false))) return;
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('site.screening.title', { name })} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        data-testid="screening-form"
      >
        <Stack gap="sm">
          {nextDose ? (
            <Alert color={today < nextDose.earliest ? 'orange' : 'blue'} data-testid="screening-due" p="xs">
              {t(today < nextDose.earliest ? 'site.screening.dueLater' : 'site.screening.dueNow', {
                dose: nextDose.number,
                date: formatDate(nextDose.earliest, lang),
                minDays: nextDose.minDays,
                after: formatDate(nextDose.after, lang),
              })}
            </Alert>
          ) : null}
          <Title order={3} fz="sm">
            {t('site.screening.vitals')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('site.screening.vitalsHint')}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
            {VITALS.map((key, i) => (
              <NumberInput
                key={key}
                label={t(`site.screening.${key}`)}
                value={vitals[key]}
                onChange={(v) => setVitals((old) => ({ ...old, [key]: v === '' ? '' : Number(v) }))}
                decimalScale={key === 'temperatureC' ? 1 : 0}
                step={key === 'temperatureC' ? 0.1 : 1}
                hideControls
                data-autofocus={i === 0 ? true : undefined}
                error={serverFieldError(error, `vitals.${key}`, lang)}
                data-testid={`vital-${key}`}
              />
            ))}
          </SimpleGrid>
          <Title order={3} fz="sm">
            {t('site.screening.checklist')}
          </Title>
          <Stack gap={6}>
            {SCREENING_CHECKLIST.map((item) => (
              <Checkbox
                key={item}
                label={t(`site.screening.items.${item}`)}
                checked={checklist[item]}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setChecklist((old) => ({ ...old, [item]: checked }));
                }}
                data-testid={`check-${item}`}
              />
            ))}
          </Stack>
          {record.data || record.isError ? (
            <Alert color={OUTCOME_COLOUR[suggestion.outcome]} data-testid="screening-suggestion">
              <Text fw={600}>
                {t('site.screening.suggested', {
                  outcome: t(`site.screening.outcomes.${suggestion.outcome}`),
                })}
              </Text>
              {suggestion.reasons.map((r) => (
                <Text size="sm" key={`${r.code}-${JSON.stringify(r.params ?? {})}`}>
                  {formatMessage(r.code, lang, r.params)}
                </Text>
              ))}
            </Alert>
          ) : null}
          <Select
            label={t('site.screening.outcome')}
            data={SCREENING_OUTCOMES.map((o) => ({ value: o, label: t(`site.screening.outcomes.${o}`) }))}
            value={outcome}
            onChange={(v) => setChosen(v as ScreeningOutcome | null)}
            allowDeselect={false}
            data-testid="screening-outcome"
          />
          {milder ? (
            <TextInput
              label={t('site.screening.overrideReason')}
              value={overrideReason}
              onChange={(e) => setOverrideReason(e.currentTarget.value)}
              required
              error={serverFieldError(error, 'overrideReason', lang)}
            />
          ) : null}
          <TextInput
            label={t('site.screening.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {error && !serverFieldError(error, 'overrideReason', lang) ? (
            <Alert color="red">{problemText(error, lang)}</Alert>
          ) : null}
          <Button
            type="submit"
            loading={busy}
            disabled={!record.data && !record.isError}
            data-testid="screening-submit"
          >
            {t('site.screening.submit')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
