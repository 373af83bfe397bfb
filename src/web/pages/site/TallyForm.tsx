import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../shared/format.ts';
import { addDays } from '../../../shared/rules/dates.ts';
import { TALLY_MAX_DOSES } from '../../../shared/schemas/tallies.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

type Values = Record<string, number | ''>;

/**
 * The site's daily tally: for a day, the number of doses given per vaccine (prefilled with what was
 * reported before, else with the doses entered that day, shown beside each field for reference), and
 * the last 14 days of tallies beside the records.
 */
export function TallyForm({ facilityId, today }: { facilityId: string; today: string }) {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(today);
  // The numbers typed in, for the day they were typed for: another day starts from its own figures.
  const [typed, setTyped] = useState<{ day: string; values: Values }>({ day: today, values: {} });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
  });
  const validDay = /^\d{4}-\d{2}-\d{2}$/.test(day);
  const ofDay = useQuery({
    queryKey: ['tallies', facilityId, day, day],
    queryFn: () => api.tallies.list({ query: { facility: facilityId, from: day, to: day } }),
    enabled: validDay,
  });
  const recent = useQuery({
    queryKey: ['tallies', facilityId, addDays(today, -13), today],
    queryFn: () =>
      api.tallies.list({ query: { facility: facilityId, from: addDays(today, -13), to: today } }),
  });
  const n = (value: number) => formatNumber(value, lang);

  // The fields: the day's figures (the reported number, else the records), under what was typed for
  // this day, so fresh figures arriving never overwrite a number the user typed in.
  const values: Values = {};
  for (const item of ofDay.data?.items ?? [])
    values[item.vaccineCode] = item.reported ?? (item.recorded > 0 ? item.recorded : '');
  if (typed.day === day) Object.assign(values, typed.values);

  const byVaccine = new Map((ofDay.data?.items ?? []).map((i) => [i.vaccineCode, i]));
  const report = useApiAction({
    submit: (items: { facilityId: string; day: string; vaccineCode: string; doses: number }[]) =>
      api.tallies.report({ body: { items } }),
    onSuccess: async ({ results }) => {
      const count = (status: string) => results.filter((r) => r.status === status).length;
      setMessage({
        ok: true,
        text: t('site.tally.saved', {
          created: count('created'),
          updated: count('updated'),
          unchanged: count('unchanged'),
        }),
      });
      await queryClient.invalidateQueries({ queryKey: ['tallies', facilityId] });
    },
  });
  const submit = () => {
    setMessage(null);
    report.setProblem(null);
    const items = Object.entries(values)
      .filter(([, v]) => v !== '')
      .map(([vaccineCode, doses]) => ({ facilityId, day, vaccineCode, doses: Number(doses) }));
    if (!items.length) return setMessage({ ok: false, text: t('site.tally.nothing') });
    void report.run(items);
  };

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} fz="h4" mb={4}>
          {t('site.tally.tab')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('site.tally.lead')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          data-testid="tally-form"
        >
          <Stack>
            <TextInput
              type="date"
              label={t('site.tally.day')}
              value={day}
              max={today}
              onChange={(e) => setDay(e.currentTarget.value)}
              w={200}
              data-testid="tally-day"
            />
            <QueryState query={vaccines}>
              {(list) => (
                <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
                  {list.map((v) => {
                    const known = byVaccine.get(v.code);
                    const hints = [
                      t('site.tally.recorded', { count: n(known?.recorded ?? 0) }),
                      known?.reported != null ? t('site.tally.reported', { count: n(known.reported) }) : null,
                    ].filter(Boolean);
                    return (
                      <NumberInput
                        key={v.code}
                        label={t('site.tally.doses', { vaccine: v.name })}
                        description={hints.join(' · ')}
                        value={values[v.code] ?? ''}
                        onChange={(value) =>
                          setTyped((old) => ({
                            day,
                            values: {
                              ...(old.day === day ? old.values : {}),
                              [v.code]: value === '' ? '' : Number(value),
                            },
                          }))
                        }
                        min={0}
                        max={TALLY_MAX_DOSES}
                        allowDecimal={false}
                        allowNegative={false}
                        data-testid={`tally-${v.code}`}
                      />
                    );
                  })}
                </SimpleGrid>
              )}
            </QueryState>
            <Group>
              <Button type="submit" loading={report.busy} disabled={!validDay} data-testid="tally-submit">
                {t('site.tally.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {message ? (
        <Alert color={message.ok ? 'green' : 'red'} role="status" data-testid="tally-message">
          {message.text}
        </Alert>
      ) : null}
      <ProblemAlert problem={report.problem} data-testid="tally-message" />
      <Title order={3} fz="md">
        {t('site.tally.recent')}
      </Title>
      <QueryState query={recent}>
        {(data) =>
          data.items.length ? (
            <Table.ScrollContainer minWidth={320}>
              <Table striped data-testid="tally-recent">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('site.tally.colDay')}</Table.Th>
                    <Table.Th>{t('site.tally.colVaccine')}</Table.Th>
                    <Table.Th ta="right">{t('site.tally.colReported')}</Table.Th>
                    <Table.Th ta="right">{t('site.tally.colRecorded')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={`${item.day}-${item.vaccineCode}`}>
                      <Table.Td>{formatDate(item.day, lang)}</Table.Td>
                      <Table.Td>{vaccineName(item.vaccineCode)}</Table.Td>
                      <Table.Td ta="right">{item.reported === null ? '—' : n(item.reported)}</Table.Td>
                      <Table.Td ta="right">{n(item.recorded)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text c="dimmed">{t('site.tally.none')}</Text>
          )
        }
      </QueryState>
    </Stack>
  );
}
