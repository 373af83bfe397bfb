import { Alert, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDate } from '../../../shared/format.ts';
import type { registrationSchema, Slot, sessionSchema } from '../../../shared/schemas/registrations.ts';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

type Registration = z.infer<typeof registrationSchema>;
type Session = z.infer<typeof sessionSchema>;

/** A confirmation to show, kept as facts so it follows a change of language. */
export interface Notice {
  key: 'citizen.registration.booked' | 'citizen.registration.moved' | 'citizen.registration.cancelled';
  name: string;
  place: string;
  date: string;
  slot: string | null;
}

/** A notice in the current language (dates as dd/mm/yyyy in Vietnamese). */
export function useNoticeText() {
  const { t } = useTranslation();
  const slotText = useSlotText();
  return (n: Notice) =>
    t(n.key, {
      name: n.name,
      place: n.place,
      date: formatDate(n.date, currentLang()),
      time: slotText(n.slot),
    });
}

/**
 * Booking or moving an appointment, phone first: the citizen picks a session, then one of its time
 * slots (time and free seats; full ones disabled), then confirms on a summary (person, place, date,
 * time). `onDone` gets the confirmation to show.
 */
export function SlotChooser({
  registration: r,
  sessions,
  mode,
  onDone,
}: {
  registration: Registration;
  sessions: Session[];
  mode: 'book' | 'move';
  onDone: (notice: Notice) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const vaccineName = useVaccineNames();
  const [session, setSession] = useState<Session | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  if (!session)
    return sessions.length ? (
      <Stack gap={6} mt="xs">
        <Text size="sm" fw={600}>
          {mode === 'move' ? t('citizen.registration.moveTitle') : t('citizen.registration.book')}
        </Text>
        {sessions.map((s) => (
          <Paper key={s.id} withBorder p="xs" data-testid="session-option">
            <Group justify="space-between" gap="xs" wrap="nowrap" align="center">
              <Text size="sm" style={{ minWidth: 0 }}>
                {formatDate(s.date, lang)} · {s.facilityName} · {vaccineName(s.vaccineCode)} ·{' '}
                {t('citizen.registration.seatsLeft', { count: s.capacity - s.booked })}
              </Text>
              <Button
                size="xs"
                style={{ flexShrink: 0 }}
                onClick={() => setSession(s)}
                data-testid="book-session"
              >
                {t('citizen.registration.chooseTime')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    ) : (
      <Text size="xs" c="dimmed" mt={4}>
        {t('citizen.registration.noSessions')}
      </Text>
    );
  if (!slot)
    return <SlotGrid registration={r} session={session} onPick={setSlot} onBack={() => setSession(null)} />;
  return (
    <ConfirmStep
      registration={r}
      session={session}
      slot={slot}
      mode={mode}
      onBack={() => setSlot(null)}
      onDone={onDone}
    />
  );
}

/** The label of a slot as shown: its times, or "whole session". */
function useSlotText() {
  const { t } = useTranslation();
  return (label: string | null) => label?.replace('-', '–') ?? t('citizen.registration.wholeSession');
}

/** A session's slots as buttons, two a row at 360 px: the time and the seats left; full ones disabled. */
function SlotGrid({
  registration: r,
  session,
  onPick,
  onBack,
}: {
  registration: Registration;
  session: Session;
  onPick: (slot: Slot) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const slotText = useSlotText();
  const slots = useQuery({
    queryKey: ['slots', session.id],
    queryFn: () => api.vaccinationSessions.slots({ params: { id: session.id } }),
  });
  const items = slots.data?.items ?? [];
  return (
    <Stack gap="xs" mt="xs" data-testid="slot-picker">
      <Text size="sm" fw={600}>
        {t('citizen.registration.slotsFor', {
          date: formatDate(session.date, lang),
          place: session.facilityName,
        })}
      </Text>
      {slots.error ? (
        <Alert color="red">{problemText(slots.error, lang)}</Alert>
      ) : (
        <SimpleGrid cols={2} spacing="xs">
          {items.map((s) => {
            const current = r.appointment?.slotId === s.id;
            return (
              <Button
                key={s.id}
                variant={current ? 'outline' : 'light'}
                disabled={s.free === 0 || current}
                onClick={() => onPick(s)}
                h="auto"
                py={6}
                px={6}
                styles={{ label: { flexDirection: 'column', whiteSpace: 'normal', lineHeight: 1.3 } }}
                data-testid="slot-option"
                data-full={s.free === 0 ? 'true' : undefined}
              >
                <span>{slotText(s.label)}</span>
                <Text span size="xs" c={s.free === 0 ? 'dimmed' : undefined}>
                  {current
                    ? t('citizen.registration.currentSlot')
                    : s.free === 0
                      ? t('citizen.registration.slotFull')
                      : t('citizen.registration.seatsLeft', { count: s.free })}
                </Text>
              </Button>
            );
          })}
        </SimpleGrid>
      )}
      {slots.data && !items.some((s) => s.free > 0) ? (
        <Text size="xs" c="dimmed">
          {t('citizen.registration.noSlots')}
        </Text>
      ) : null}
      <Button variant="subtle" size="xs" onClick={onBack} style={{ alignSelf: 'flex-start' }}>
        {t('citizen.registration.back')}
      </Button>
    </Stack>
  );
}

/** The summary to confirm: person, place, date, time; then the booking (or move) is sent. */
function ConfirmStep({
  registration: r,
  session,
  slot,
  mode,
  onBack,
  onDone,
}: {
  registration: Registration;
  session: Session;
  slot: Slot;
  mode: 'book' | 'move';
  onBack: () => void;
  onDone: (notice: Notice) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const slotText = useSlotText();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const facts = {
    name: r.personName,
    place: session.facilityName,
    date: formatDate(session.date, lang),
    time: slotText(slot.label),
  };
  const row = (label: string, value: string, testId: string) => (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" w={80} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" fw={600} data-testid={testId} style={{ minWidth: 0 }}>
        {value}
      </Text>
    </Group>
  );
  return (
    <Paper withBorder p="sm" mt="xs" data-testid="booking-confirm">
      <Title order={4} fz="md" mb="xs">
        {mode === 'move'
          ? t('citizen.registration.confirmMoveTitle')
          : t('citizen.registration.confirmTitle')}
      </Title>
      <Stack gap={4}>
        {row(t('citizen.registration.person'), facts.name, 'confirm-person')}
        {row(t('citizen.registration.place'), facts.place, 'confirm-place')}
        {row(t('citizen.registration.day'), facts.date, 'confirm-date')}
        {row(t('citizen.registration.time'), facts.time, 'confirm-time')}
      </Stack>
      {error ? (
        <Alert color="red" mt="xs" data-testid="booking-error">
          {problemText(error, lang)}
        </Alert>
      ) : null}
      <Stack gap="xs" mt="sm">
        <Button
          fullWidth
          loading={busy}
          data-testid="confirm-booking"
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              const input = { params: { id: r.id }, body: { sessionId: session.id, slotId: slot.id } };
              if (mode === 'move') await api.vaccinationSessions.move(input);
              else await api.vaccinationSessions.book(input);
              onDone({
                key: mode === 'move' ? 'citizen.registration.moved' : 'citizen.registration.booked',
                name: r.personName,
                place: session.facilityName,
                date: session.date,
                slot: slot.label,
              });
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
              await queryClient.invalidateQueries({ queryKey: ['slots', session.id] });
              await queryClient.invalidateQueries({ queryKey: ['sessions'] });
            }
          }}
        >
          {mode === 'move' ? t('citizen.registration.confirmMove') : t('citizen.registration.confirm')}
        </Button>
        <Button fullWidth variant="default" onClick={onBack} disabled={busy}>
          {t('citizen.registration.back')}
        </Button>
      </Stack>
    </Paper>
  );
}

/** "Hủy lịch" with a confirm dialog: the seat goes back, the registration waits again. */
export function CancelAppointment({
  registration: r,
  onDone,
}: {
  registration: Registration;
  onDone: (notice: Notice) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const slotText = useSlotText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const appointment = r.appointment;
  if (!appointment) return null;
  const facts = {
    name: r.personName,
    date: formatDate(appointment.date, lang),
    time: slotText(appointment.slot),
  };
  return (
    <>
      <Button
        size="xs"
        variant="light"
        color="red"
        onClick={() => setOpen(true)}
        data-testid="cancel-appointment"
      >
        {t('citizen.registration.cancelAppointment')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={t('citizen.registration.cancelTitle')}
        centered
        data-testid="cancel-dialog"
      >
        <Text size="sm">{t('citizen.registration.cancelText', facts)}</Text>
        {error ? (
          <Alert color="red" mt="xs">
            {problemText(error, lang)}
          </Alert>
        ) : null}
        <Stack gap="xs" mt="md">
          <Button
            fullWidth
            color="red"
            loading={busy}
            data-testid="confirm-cancel"
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await api.vaccinationSessions.cancelAppointment({ params: { id: r.id } });
                setOpen(false);
                onDone({
                  key: 'citizen.registration.cancelled',
                  name: r.personName,
                  place: appointment.facilityName,
                  date: appointment.date,
                  slot: appointment.slot,
                });
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('citizen.registration.cancelAppointment')}
          </Button>
          <Button fullWidth variant="default" onClick={() => setOpen(false)}>
            {t('citizen.registration.cancelKeep')}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}
