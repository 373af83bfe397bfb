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
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../../shared/format.ts';
import { addDays } from '../../../shared/rules/dates.ts';
import { TALLY_MAX_DOSES } from '../../../shared/schemas/tallies.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api, legacyApi } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
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
  const [values, setValues] = useState<Values>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [sending, setSending] = useState(false);
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

  // Fields the user typed in for this day; the day's figures arriving (or refetched) never overwrite them.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (day) setEdited(new Set());
  }, [day]);

  // A new day (or fresh figures) fills the fields again: the reported number, else the records.
  useEffect(() => {
    if (!ofDay.data) return;
    const filled: Values = {};
    for (const item of ofDay.data.items)
      filled[item.vaccineCode] = item.reported ?? (item.recorded > 0 ? item.recorded : '');
    setValues((old) => {
      for (const code of edited) if (code in old) filled[code] = old[code];
      return filled;
    });
  }, [ofDay.data, edited]);

  const byVaccine = new Map((ofDay.data?.items ?? []).map((i) => [i.vaccineCode, i]));
  const submit = async () => {
    setMessage(null);
    const items = Object.entries(values)
      .filter(([, v]) => v !== '')
      .map(([vaccineCode, doses]) => ({ facilityId, day, vaccineCode, doses: Number(doses) }));
    if (!items.length) return setMessage({ ok: false, text: t('site.tally.nothing') });
    setSending(true);
    try {
      const { results } = await api.tallies.report({ body: { items } });
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
    } catch (e) {
      setMessage({ ok: false, text: problemText(e, lang) });
    } finally {
      setSending(false);
    }
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
            void submit();
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
                        onChange={(value) => {
                          setEdited((old) => new Set(old).add(v.code));
                          setValues((old) => ({ ...old, [v.code]: value === '' ? '' : Number(value) }));
                        }}
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
              <Button type="submit" loading={sending} disabled={!validDay} data-testid="tally-submit">
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
