import { Alert, Anchor, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../shared/format.ts';
import type { QualityCategory, QualityItem, QualityWhere } from '../../../shared/schemas/data-quality.ts';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { can, type StaffMe } from '../../lib/permissions.ts';

const PAGE = 20;

type Action = { kind: 'merge' | 'void'; item: QualityItem };

/** The records of one category: the first ones, more on request, each with its fix. */
export function QualityItemList({
  category,
  first,
  total,
  where,
  actor,
}: {
  category: QualityCategory;
  first: QualityItem[];
  total: number;
  where: QualityWhere;
  actor: StaffMe;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [items, setItems] = useState(first);
  const [loading, setLoading] = useState(false);
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const more = async () => {
    setLoading(true);
    try {
      const page = await api.dataQuality.items({
        query: { category, ...where, limit: PAGE, offset: items.length },
      });
      setItems([...items, ...page.items]);
    } catch (e) {
      setMessage({ ok: false, text: problemText(e, lang) });
    } finally {
      setLoading(false);
    }
  };
  const confirm = async () => {
    if (!action) return;
    try {
      if (action.kind === 'merge' && action.item.otherPersonId)
        await api.people.merge({
          body: { winnerId: action.item.personId, loserId: action.item.otherPersonId, reason },
        });
      if (action.kind === 'void' && action.item.doseId)
        await api.doses.voidDose({ params: { id: action.item.doseId }, body: { reason } });
      setMessage({
        ok: true,
        text: t(action.kind === 'merge' ? 'manager.quality.merged' : 'manager.quality.voided'),
      });
      setItems(items.filter((i) => i !== action.item));
      setAction(null);
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['data-quality'] });
    } catch (e) {
      setMessage({ ok: false, text: problemText(e, lang) });
    }
  };
  return (
    <Stack gap="xs" mt="sm">
      {message ? (
        <Alert color={message.ok ? 'green' : 'red'} role="status">
          {message.text}
        </Alert>
      ) : null}
      <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((item) => (
          <li
            key={`${item.personId}-${item.otherPersonId ?? ''}-${item.doseId ?? ''}`}
            style={{ borderTop: '1px solid var(--mantine-color-gray-3)', padding: '8px 0' }}
            data-testid="quality-item"
          >
            <Text size="sm">{facts(item, t, lang)}</Text>
            {item.reasons.map((r) => (
              <Text size="sm" c="dimmed" key={r.code}>
                {r.messages[lang]}
              </Text>
            ))}
            <Group gap="sm" mt={4}>
              <Anchor component={Link} to={`/staff/people/${item.personId}`} size="sm">
                {t('manager.quality.openPerson')}
              </Anchor>
              {item.otherPersonId ? (
                <Anchor component={Link} to={`/staff/people/${item.otherPersonId}`} size="sm">
                  {t('manager.quality.openOther')}
                </Anchor>
              ) : null}
              {item.fix.kind === 'merge' && can(actor, 'people.merge') ? (
                <Button size="compact-xs" variant="light" onClick={() => setAction({ kind: 'merge', item })}>
                  {t('manager.quality.merge')}
                </Button>
              ) : null}
              {item.fix.kind === 'void_dose' && can(actor, 'doses.void') ? (
                <Button
                  size="compact-xs"
                  variant="light"
                  color="red"
                  onClick={() => setAction({ kind: 'void', item })}
                >
                  {t('manager.quality.void')}
                </Button>
              ) : null}
            </Group>
          </li>
        ))}
      </Stack>
      {items.length < total ? (
        <Group>
          <Button variant="default" size="xs" loading={loading} onClick={() => void more()}>
            {t('manager.quality.more')}
          </Button>
        </Group>
      ) : null}
      <Modal
        opened={action !== null}
        onClose={() => setAction(null)}
        title={action?.kind === 'merge' ? t('manager.quality.merge') : t('manager.quality.void')}
      >
        <Stack>
          {action?.kind === 'merge' ? <Text size="sm">{t('manager.quality.mergeLead')}</Text> : null}
          {action ? <Text size="sm">{facts(action.item, t, lang)}</Text> : null}
          <Textarea
            label={
              action?.kind === 'merge' ? t('manager.quality.mergeReason') : t('manager.quality.voidReason')
            }
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            minLength={3}
            maxLength={500}
            required
            autosize
            minRows={2}
          />
          <Group justify="end">
            <Button
              color={action?.kind === 'void' ? 'red' : undefined}
              disabled={reason.trim().length < 3}
              onClick={() => void confirm()}
            >
              {t('manager.quality.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** What identifies a record without naming anyone: birth year, masked numbers, the dose. */
function facts(
  item: QualityItem,
  t: (key: string, params?: Record<string, unknown>) => string,
  lang: 'vi' | 'en',
) {
  return [
    item.birthYear ? t('manager.quality.birthYear', { year: item.birthYear }) : null,
    item.cccdMasked ? t('manager.quality.cccd', { value: item.cccdMasked }) : null,
    item.phoneMasked ? t('manager.quality.phone', { value: item.phoneMasked }) : null,
    item.doseId
      ? t('manager.quality.dose', {
          number: item.doseNumber,
          vaccine: item.vaccineCode,
          date: item.givenOn ? formatDate(item.givenOn, lang) : '',
        })
      : null,
    item.lotNumber ? t('manager.quality.lot', { lot: item.lotNumber }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
