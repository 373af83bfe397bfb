import { Alert, Button, Group, Paper, Select, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

/** Record a dose for this person at the vaccinator's facility: vaccine, lot, Enter. */
export function RecordDoseForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
  });
  const [vaccine, setVaccine] = useState<string | null>(null);
  const lots = useQuery({
    queryKey: ['lots', vaccine],
    queryFn: () => api.stock.lots({ query: { vaccine: vaccine ?? undefined } }).then((r) => r.items),
    enabled: Boolean(vaccine),
  });
  const [lot, setLot] = useState<string | null>(null);
  const [doseNumber, setDoseNumber] = useState('');
  const [override, setOverride] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const record = useApiAction({
    submit: ({ vaccine, lot }: { vaccine: string; lot: string }) =>
      api.doses.recordDose({
        body: {
          id: crypto.randomUUID(),
          personId,
          vaccineCode: vaccine,
          lotId: lot,
          doseNumber: doseNumber ? Number(doseNumber) : undefined,
          overrideReason: override || undefined,
        },
      }),
    onSuccess: async (result) => {
      setMessage({ ok: true, text: t('common.vaccination.recorded', { number: result.dose.doseNumber }) });
      setDoseNumber('');
      setOverride('');
      await queryClient.invalidateQueries({ queryKey: ['staff-vaccination', personId] });
    },
  });
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="md" mb="sm">
        {t('common.vaccination.record')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!vaccine || !lot) return;
          setMessage(null);
          void record.run({ vaccine, lot });
        }}
      >
        <Group align="end" wrap="wrap">
          <Select
            label={t('common.vaccination.vaccine')}
            data={(vaccines.data ?? []).map((v) => ({ value: v.code, label: v.name }))}
            value={vaccine}
            onChange={(v) => {
              setVaccine(v);
              setLot(null);
            }}
            searchable
            data-testid="dose-vaccine"
          />
          <Select
            label={t('common.vaccination.chooseLot')}
            data={(lots.data ?? []).map((l) => ({ value: l.id, label: `${l.lotNumber} (${l.expiresOn})` }))}
            value={lot}
            onChange={setLot}
            disabled={!vaccine}
            data-testid="dose-lot"
          />
          <TextInput
            label={t('common.vaccination.suggested')}
            value={doseNumber}
            onChange={(e) => setDoseNumber(e.currentTarget.value)}
            inputMode="numeric"
            w={200}
          />
          <TextInput
            label={t('common.vaccination.override')}
            value={override}
            onChange={(e) => setOverride(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={record.busy} disabled={!vaccine || !lot} data-testid="dose-submit">
            {t('common.vaccination.record')}
          </Button>
        </Group>
      </form>
      {message ? (
        <Alert mt="sm" color={message.ok ? 'green' : 'red'} data-testid="dose-message">
          {message.text}
        </Alert>
      ) : null}
      <ProblemAlert problem={record.problem} mt="sm" data-testid="dose-message" />
    </Paper>
  );
}
