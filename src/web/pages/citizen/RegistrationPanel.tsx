import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDate } from '../../../shared/format.ts';
import { SCREENING_QUESTIONS, type ScreeningAnswers } from '../../../shared/rules/eligibility.ts';
import type { registrationSchema } from '../../../shared/schemas/registrations.ts';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { CancelAppointment, type Notice, SlotChooser, useNoticeText } from './SlotBooking.tsx';

type Registration = z.infer<typeof registrationSchema>;
const NO = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q, false])) as ScreeningAnswers;
const STATE_COLOUR: Record<Registration['state'], string> = {
  pending: 'gray',
  scheduled: 'blue',
  checked_in: 'cyan',
  vaccinated: 'green',
  deferred: 'orange',
  cancelled: 'gray',
};

/** Registration for vaccination of one household member: the form, then the member's registrations. */
export function RegistrationPanel({ personId, name }: { personId: string; name: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => api.registrations.campaigns() });
  const groupSets = useQuery({
    queryKey: ['priority-group-sets'],
    queryFn: () => api.vaccines.priorityGroupSets().then((r) => r.items),
  });
  const mine = useQuery({ queryKey: ['my-registrations'], queryFn: () => api.registrations.mine() });
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const campaign = campaigns.data?.items.find((c) => c.id === campaignId) ?? campaigns.data?.items[0];
  const groups = groupSets.data?.find((s) => s.code === campaign?.priorityGroupSet)?.groups ?? [];
  const [group, setGroup] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [answers, setAnswers] = useState<ScreeningAnswers>(NO);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const chosenGroup = groups.find((g) => g.code === group);
  const registrations = (mine.data?.items ?? []).filter((r) => r.personId === personId);
  const open = registrations.find((r) => ['pending', 'scheduled', 'checked_in'].includes(r.state));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['my-registrations'] });
  return (
    <Stack>
      {registrations.length ? (
        <Paper withBorder p="md">
          <Title order={3} fz="md" mb="xs">
            {t('citizen.registration.list')}
          </Title>
          <Stack gap="sm" data-testid="registrations">
            {registrations.map((r) => (
              <RegistrationItem key={r.id} registration={r} onChanged={refresh} />
            ))}
          </Stack>
        </Paper>
      ) : null}
      {open ? null : (
        <Paper withBorder p="md">
          <Title order={3} fz="md" mb="sm">
            {t('citizen.registration.title', { name })}
          </Title>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (!campaign) return;
              setBusy(true);
              setMessage(null);
              try {
                await api.registrations.registerMember({
                  params: { personId },
                  body: {
                    campaignId: campaign.id,
                    priorityGroup: group ?? undefined,
                    preferredFrom: from || undefined,
                    preferredTo: to || undefined,
                    screening: answers,
                  },
                });
                setMessage({ ok: true, text: t('citizen.registration.done') });
                await refresh();
              } catch (error) {
                setMessage({ ok: false, text: problemText(error, lang) });
              } finally {
                setBusy(false);
              }
            }}
          >
            <Stack gap="sm">
              <Select
                label={t('citizen.registration.campaign')}
                data={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name[lang] }))}
                value={campaign?.id ?? null}
                onChange={setCampaignId}
                allowDeselect={false}
              />
              <Select
                label={t('citizen.registration.priorityGroup')}
                data={groups.map((g) => ({ value: g.code, label: `${g.code}. ${g.name[lang]}` }))}
                value={group}
                onChange={setGroup}
                clearable
                data-testid="priority-group"
              />
              {chosenGroup?.documents ? (
                <Text size="sm" c="dimmed">
                  {t('citizen.registration.priorityHint', { documents: chosenGroup.documents[lang] })}
                </Text>
              ) : null}
              <Group grow>
                <TextInput
                  type="date"
                  label={t('citizen.registration.preferredFrom')}
                  value={from}
                  onChange={(e) => setFrom(e.currentTarget.value)}
                />
                <TextInput
                  type="date"
                  label={t('citizen.registration.preferredTo')}
                  value={to}
                  onChange={(e) => setTo(e.currentTarget.value)}
                />
              </Group>
              <Text size="sm" fw={600}>
                {t('citizen.registration.questions')}
              </Text>
              {SCREENING_QUESTIONS.map((q) => (
                <Checkbox
                  key={q}
                  label={t(`citizen.registration.q.${q}`)}
                  checked={answers[q]}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked;
                    setAnswers((old) => ({ ...old, [q]: checked }));
                  }}
                />
              ))}
              <Button type="submit" loading={busy} disabled={!campaign} data-testid="register-submit">
                {t('citizen.registration.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
      {message ? (
        <Alert color={message.ok ? 'green' : 'red'} data-testid="registration-message">
          {message.text}
        </Alert>
      ) : null}
    </Stack>
  );
}

/**
 * One registration: its state and appointment; while pending, choosing a session and a time slot;
 * once scheduled, changing the time ("Đổi giờ") or cancelling the appointment ("Hủy lịch").
 */
function RegistrationItem({
  registration: r,
  onChanged,
}: {
  registration: Registration;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeText = useNoticeText();
  const [moving, setMoving] = useState(false);
  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: () => api.vaccinationSessions.upcoming(),
    enabled: r.state === 'pending' || moving,
  });
  // Only sessions the next dose may be given at: on or after its earliest day, with an allowed vaccine.
  const next = r.nextDose;
  const open = (sessions.data?.items ?? []).filter(
    (s) =>
      s.campaignId === r.campaignId &&
      (s.booked < s.capacity || s.id === r.appointment?.sessionId) &&
      (!next || (s.date >= next.earliest && next.options.includes(s.vaccineCode))),
  );
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const done = (message: Notice) => {
    setNotice(message);
    setMoving(false);
    onChanged();
  };
  return (
    <div data-testid="registration">
      <Group justify="space-between">
        <Badge color={STATE_COLOUR[r.state]} variant="light" data-testid="registration-state">
          {t(`citizen.registration.state.${r.state}`)}
        </Badge>
        {r.state === 'pending' ? (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            onClick={() => run(() => api.registrations.cancel({ params: { id: r.id } }))}
          >
            {t('citizen.registration.cancel')}
          </Button>
        ) : null}
      </Group>
      {notice ? (
        <Alert
          ref={(el) => el?.focus()}
          tabIndex={-1}
          color="green"
          mt="xs"
          withCloseButton
          closeButtonLabel={t('citizen.registration.close')}
          onClose={() => setNotice(null)}
          data-testid="booking-notice"
        >
          {noticeText(notice)}
        </Alert>
      ) : null}
      {r.appointment ? (
        <Text size="sm" mt={4} data-testid="appointment">
          {t('citizen.appointments.at', {
            date: formatDate(r.appointment.date, lang),
            slot: r.appointment.slot ?? t('citizen.registration.wholeSession'),
            place: r.appointment.facilityName,
          })}
        </Text>
      ) : null}
      {r.state === 'scheduled' && r.appointment ? (
        <Group gap="xs" mt="xs" wrap="wrap">
          <Button
            size="xs"
            variant={moving ? 'filled' : 'light'}
            onClick={() => {
              setNotice(null);
              setMoving((m) => !m);
            }}
            data-testid="move-appointment"
          >
            {t('citizen.registration.move')}
          </Button>
          <CancelAppointment registration={r} onDone={done} />
        </Group>
      ) : null}
      {r.state === 'scheduled' && moving ? (
        <SlotChooser key="move" registration={r} sessions={open.slice(0, 5)} mode="move" onDone={done} />
      ) : null}
      {r.state === 'pending' ? <ChangeDates registration={r} onChanged={onChanged} /> : null}
      {r.notes.map((n) => (
        <Text key={n.code} size="xs" c="dimmed">
          {n.messages[lang]}
        </Text>
      ))}
      {r.state === 'pending' && next ? (
        <Text size="sm" mt={4} data-testid="registration-next-dose">
          {t('citizen.registration.nextDoseFrom', {
            dose: next.number,
            date: formatDate(next.earliest, lang),
          })}
        </Text>
      ) : null}
      {r.state === 'pending' ? (
        <SlotChooser key="book" registration={r} sessions={open.slice(0, 5)} mode="book" onDone={done} />
      ) : null}
      {error ? (
        <Alert color="red" mt="xs">
          {problemText(error, lang)}
        </Alert>
      ) : null}
    </div>
  );
}

/** Changes the dates a pending registration can come (the citizen's "change"). */
function ChangeDates({ registration: r, onChanged }: { registration: Registration; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [from, setFrom] = useState(r.preferredFrom ?? '');
  const [to, setTo] = useState(r.preferredTo ?? '');
  const [error, setError] = useState<unknown>(null);
  const changed = from !== (r.preferredFrom ?? '') || to !== (r.preferredTo ?? '');
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api.registrations.change({
            params: { id: r.id },
            body: { preferredFrom: from || undefined, preferredTo: to || undefined },
          });
          onChanged();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <Group align="end" gap="xs" mt="xs" wrap="wrap">
        <TextInput
          type="date"
          size="xs"
          label={t('citizen.registration.preferredFrom')}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          size="xs"
          label={t('citizen.registration.preferredTo')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        <Button type="submit" size="xs" variant="light" disabled={!changed}>
          {t('citizen.registration.change')}
        </Button>
      </Group>
      {error ? (
        <Text size="xs" c="red">
          {problemText(error, lang)}
        </Text>
      ) : null}
    </form>
  );
}
