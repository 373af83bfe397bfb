import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format.ts';
import type { Stock } from '../../../shared/schemas/doses.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText, serverFieldError } from '../../lib/forms.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';
import { ExpiryBadge } from '../manager/ExpiryBadge.tsx';

type Kind = 'receipt' | 'wastage' | 'return';
type Message = { ok: boolean; text: string; error?: unknown };

/**
 * The stock of one vaccination site: lots on hand with expiry warnings, a form to record a receipt,
 * wastage or return (each with a client-chosen id, so a retry after a lost answer is not counted
 * twice), and a form to add a lot. Mount as `<StockPanel facilityId={...} />`.
 */
export function StockPanel({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const vaccineName = useVaccineNames();
  const lang = currentLang();
  const stock = useQuery({
    queryKey: ['stock', facilityId],
    queryFn: () => api.stock.levels({ query: { facilityId } }),
  });
  return (
    <Stack data-testid="stock-panel">
      <QueryState query={stock}>
        {(data) => {
          const held = data.items.filter((i) => i.quantity > 0);
          return (
            <>
              <Paper withBorder p="md">
                <Group justify="space-between" wrap="wrap" mb="sm">
                  <Title order={2} fz="md">
                    {t('manager.stock.panelTitle')}
                  </Title>
                  <Text size="sm" c="dimmed" data-testid="site-stock-total">
                    {t('manager.stock.total')}: <b>{formatNumber(data.totals.quantity, lang)}</b>
                  </Text>
                </Group>
                {held.length ? (
                  <Table.ScrollContainer minWidth={260}>
                    <Table data-testid="site-stock-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>
                            {t('manager.stock.vaccine')} · {t('manager.stock.lot')}
                          </Table.Th>
                          <Table.Th>{t('manager.stock.expiresOn')}</Table.Th>
                          <Table.Th ta="right">{t('manager.stock.quantity')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {held.map((r) => (
                          <Table.Tr key={r.lot.id} data-warning={r.warning ?? undefined}>
                            <Table.Td>
                              <Text size="sm" fw={500}>
                                {vaccineName(r.lot.vaccineCode)}
                              </Text>
                              <Text size="xs" ff="monospace" c="dimmed">
                                {r.lot.lotNumber}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <ExpiryBadge expiresOn={r.lot.expiresOn} warning={r.warning} />
                            </Table.Td>
                            <Table.Td ta="right">{formatNumber(r.quantity, lang)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                ) : (
                  <Text c="dimmed">{t('manager.stock.empty')}</Text>
                )}
              </Paper>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <MovementForm stock={data} facilityId={facilityId} />
                <LotForm />
              </SimpleGrid>
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function MovementForm({ stock, facilityId }: { stock: Stock; facilityId: string }) {
  const { t } = useTranslation();
  const vaccineName = useVaccineNames();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const lots = useQuery({ queryKey: ['lots'], queryFn: async () => (await api.stock.lots()).items });
  const [kind, setKind] = useState<Kind>('receipt');
  const [lotId, setLotId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | ''>('');
  const [note, setNote] = useState('');
  /** Kept until the movement is recorded, so a resend after a lost answer is recognised. */
  const [movementId, setMovementId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const holder = `facility:${facilityId}`;
  const held = stock.items.filter((i) => i.quantity > 0);
  const options =
    kind === 'receipt'
      ? (lots.data ?? []).map((l) => ({
          value: l.id,
          label: `${vaccineName(l.vaccineCode)} · ${l.lotNumber}`,
        }))
      : held.map((i) => ({
          value: i.lot.id,
          label: `${vaccineName(i.lot.vaccineCode)} · ${i.lot.lotNumber} (${formatNumber(i.quantity, lang)})`,
        }));
  const chosen =
    stock.items.find((i) => i.lot.id === lotId)?.warning ??
    (lots.data?.find((l) => l.id === lotId && l.expiresOn < new Date().toISOString().slice(0, 10))
      ? 'expired'
      : null);
  const fieldError = (field: string) => serverFieldError(message?.error, field, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!lotId || quantity === '') return;
    setBusy(true);
    setMessage(null);
    try {
      const lot = options.find((o) => o.value === lotId)?.label ?? '';
      const result = await api.stock.recordMovement({
        body: {
          id: movementId,
          lotId,
          kind,
          quantity,
          note: note.trim() || undefined,
          ...(kind === 'receipt' ? { to: holder } : { from: holder }),
          ...(kind === 'return' && stock.facility ? { to: stock.facility.returnTo } : {}),
        },
      });
      setMessage({
        ok: true,
        text: result.recorded
          ? t('manager.stock.recorded', {
              kind: t(`manager.stock.kinds.${kind}`),
              quantity: formatNumber(quantity, lang),
              lot: lot.split(' (')[0],
            })
          : t('manager.stock.resent'),
      });
      setMovementId(crypto.randomUUID());
      setQuantity('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['stock'] });
    } catch (error) {
      setMessage({ ok: false, text: problemText(error, lang), error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="movement-form">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('manager.stock.record')}
        </Title>
        <Select
          label={t('manager.stock.kind')}
          data={(['receipt', 'wastage', 'return'] as const).map((k) => ({
            value: k,
            label: t(`manager.stock.kinds.${k}`),
          }))}
          value={kind}
          onChange={(v) => {
            setKind((v as Kind) ?? 'receipt');
            setLotId(null);
            setMovementId(crypto.randomUUID());
          }}
          allowDeselect={false}
          data-testid="movement-kind"
        />
        <Select
          label={t('manager.stock.chooseLot')}
          data={options}
          value={lotId}
          onChange={setLotId}
          searchable
          required
          error={fieldError('lotId')}
          data-testid="movement-lot"
        />
        {chosen === 'expired' ? (
          <Alert color="red" p="xs">
            {t('manager.stock.expiredLotWarning')}
          </Alert>
        ) : null}
        <NumberInput
          label={t('manager.stock.amount')}
          value={quantity}
          onChange={(v) => setQuantity(v === '' ? '' : Number(v))}
          min={1}
          max={10_000_000}
          allowDecimal={false}
          required
          error={fieldError('quantity')}
          data-testid="movement-quantity"
        />
        <TextInput
          label={t('manager.stock.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={500}
        />
        {kind === 'return' && stock.facility ? (
          <Text size="sm" c="dimmed">
            {t('manager.stock.returnTo', { store: stock.facility.returnToName })}
          </Text>
        ) : null}
        {message && !['lotId', 'quantity'].some(fieldError) ? (
          <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        ) : null}
        <Button
          type="submit"
          loading={busy}
          disabled={!lotId || quantity === ''}
          data-testid="movement-submit"
        >
          {t('manager.stock.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}

function LotForm() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const vaccines = useQuery({
    queryKey: ['vaccines'],
    queryFn: () => api.vaccines.list().then((r) => r.items),
  });
  const [vaccineCode, setVaccineCode] = useState<string | null>(null);
  const [lotNumber, setLotNumber] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [dosesPerVial, setDosesPerVial] = useState<number | ''>(10);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const fieldError = (field: string) => serverFieldError(message?.error, field, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!vaccineCode) return;
    setBusy(true);
    setMessage(null);
    try {
      const lot = await api.stock.createLot({
        body: {
          vaccineCode,
          lotNumber,
          expiresOn,
          dosesPerVial: dosesPerVial === '' ? undefined : dosesPerVial,
        },
      });
      setMessage({ ok: true, text: t('manager.stock.lotAdded', { lot: lot.lotNumber }) });
      setLotNumber('');
      await queryClient.invalidateQueries({ queryKey: ['lots'] });
    } catch (error) {
      setMessage({ ok: false, text: problemText(error, lang), error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid="lot-form">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('manager.stock.addLot')}
        </Title>
        <Select
          label={t('manager.stock.vaccine')}
          data={(vaccines.data ?? []).map((v) => ({ value: v.code, label: v.name }))}
          value={vaccineCode}
          onChange={setVaccineCode}
          searchable
          required
          error={fieldError('vaccineCode')}
        />
        <TextInput
          label={t('manager.stock.lotNumber')}
          value={lotNumber}
          onChange={(e) => setLotNumber(e.currentTarget.value)}
          required
          maxLength={40}
          error={fieldError('lotNumber')}
          data-testid="lot-number"
        />
        <TextInput
          type="date"
          label={t('manager.stock.expiresOn')}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          required
          error={fieldError('expiresOn')}
        />
        <NumberInput
          label={t('manager.stock.dosesPerVial')}
          value={dosesPerVial}
          onChange={(v) => setDosesPerVial(v === '' ? '' : Number(v))}
          min={1}
          max={50}
          allowDecimal={false}
          error={fieldError('dosesPerVial')}
        />
        {message && !['vaccineCode', 'lotNumber', 'expiresOn', 'dosesPerVial'].some(fieldError) ? (
          <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        ) : null}
        <Button type="submit" loading={busy} disabled={!vaccineCode}>
          {t('manager.stock.addLot')}
        </Button>
      </Stack>
    </Paper>
  );
}
