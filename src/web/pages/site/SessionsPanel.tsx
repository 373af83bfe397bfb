import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import { slotTimes } from '../../../shared/rules/slots.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

/** Sessions of the site: create one (date, vaccine, seats, slots) and schedule pending registrations. */
export function SessionsPanel({ facilityId, today }: { facilityId: string; today: string }) {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: ['sessions', today],
    queryFn: () => api.vaccinationSessions.upcoming({ query: { from: today } }),
  });
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => api.registrations.campaigns() });
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
  });
  const [date, setDate] = useState(today);
  const [vaccine, setVaccine] = useState<string | null>('PFIZER');
  const [startTime, setStartTime] = useState('07:30');
  const [endTime, setEndTime] = useState('11:30');
  const [slotMinutes, setSlotMinutes] = useState<number | ''>(30);
  const [slotCapacity, setSlotCapacity] = useState<number | ''>(10);
  const slotCount = slotTimes(startTime, endTime, Number(slotMinutes) || 0).length;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const campaign = campaigns.data?.items[0];
  const action = useApiAction({
    submit: (work: () => Promise<string>) => work(),
    onSuccess: async (text) => {
      setMessage({ ok: true, text });
      await queryClient.invalidateQueries({ queryKey: ['sessions'] });
      await queryClient.invalidateQueries({ queryKey: ['day-list'] });
    },
  });
  const run = (work: () => Promise<string>) => {
    setMessage(null);
    return action.run(work);
  };
  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="sm">
          {t('site.sessions.create')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!campaign || !vaccine || slotMinutes === '' || slotCapacity === '') return;
            void run(async () => {
              await api.vaccinationSessions.create({
                body: {
                  facilityId,
                  campaignId: campaign.id,
                  date,
                  vaccineCode: vaccine,
                  startTime,
                  endTime,
                  slotMinutes,
                  slotCapacity,
                },
              });
              return t('site.sessions.created');
            });
          }}
        >
          <Group align="end" wrap="wrap">
            <TextInput
              type="date"
              label={t('site.sessions.date')}
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
            />
            <Select
              label={t('site.sessions.vaccine')}
              data={(vaccines.data ?? [])
                .filter((v) => !campaign || campaign.vaccineCodes.includes(v.code))
                .map((v) => ({ value: v.code, label: v.name }))}
              value={vaccine}
              onChange={setVaccine}
            />
            <TextInput
              type="time"
              label={t('site.sessions.startTime')}
              value={startTime}
              onChange={(e) => setStartTime(e.currentTarget.value)}
              w={130}
            />
            <TextInput
              type="time"
              label={t('site.sessions.endTime')}
              value={endTime}
              onChange={(e) => setEndTime(e.currentTarget.value)}
              w={130}
            />
            <NumberInput
              label={t('site.sessions.slotMinutes')}
              value={slotMinutes}
              onChange={(v) => setSlotMinutes(v === '' ? '' : Number(v))}
              min={5}
              max={480}
              step={5}
              w={140}
            />
            <NumberInput
              label={t('site.sessions.slotCapacity')}
              value={slotCapacity}
              onChange={(v) => setSlotCapacity(v === '' ? '' : Number(v))}
              min={1}
              max={1000}
              w={140}
            />
            <Button type="submit" loading={action.busy} disabled={!campaign}>
              {t('site.sessions.create')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed" mt="xs" data-testid="slot-plan">
            {t('site.sessions.slotPlan', {
              slots: slotCount,
              seats: slotCapacity || 0,
              total: slotCount * (Number(slotCapacity) || 0),
            })}
          </Text>
        </form>
      </Paper>
      {message ? <Alert color="green">{message.text}</Alert> : null}
      <ProblemAlert problem={action.problem} />
      <Title order={3} fz="md">
        {t('site.sessions.upcoming')}
      </Title>
      <QueryState query={sessions}>
        {(data) => {
          const mine = data.items.filter((s) => s.facilityId === facilityId);
          return mine.length ? (
            <Table.ScrollContainer minWidth={480}>
              <Table data-testid="sessions-table">
                <Table.Tbody>
                  {mine.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{formatDate(s.date, lang)}</Table.Td>
                      <Table.Td>{vaccineName(s.vaccineCode)}</Table.Td>
                      <Table.Td>
                        {s.slots.length
                          ? `${s.slots[0].slice(0, 5)}–${s.slots[s.slots.length - 1].slice(6)} · ${t('site.sessions.slotCount', { count: s.slots.length })}`
                          : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={s.booked >= s.capacity ? 'red' : 'blue'}>
                          {t('site.sessions.seats', { booked: s.booked, capacity: s.capacity })}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() =>
                            void run(async () =>
                              t('site.sessions.scheduled', {
                                count: (await api.vaccinationSessions.schedule({ params: { id: s.id } }))
                                  .placed,
                              }),
                            )
                          }
                        >
                          {t('site.sessions.schedule')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text c="dimmed">{t('site.sessions.none')}</Text>
          );
        }}
      </QueryState>
    </Stack>
  );
}
