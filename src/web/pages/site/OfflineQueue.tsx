import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLang } from '../../i18n/index.ts';
import { isQueuedDose, type QueuedDose, type QueuedItem } from '../../lib/offline-db.ts';
import { useNetworkOnline, useOfflineQueue, useOfflineSite } from '../../lib/offline-hooks.ts';
import { editQueued, removeQueued } from '../../lib/offline-queue.ts';
import { siteReads } from '../../lib/offline-site.ts';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(currentLang(), { hour: '2-digit', minute: '2-digit' });

/** "Offline — doses will sync when the network returns", while the site screen has no network. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useNetworkOnline();
  const site = useOfflineSite();
  if (online) return null;
  return (
    <Alert color="orange" data-testid="offline-banner" role="status">
      <Text fw={600} size="sm">
        {t('site.offline.banner')}
      </Text>
      {site?.fromDevice ? <Text size="xs">{t('site.offline.fromDevice')}</Text> : null}
    </Alert>
  );
}

/** On the sign-in form: doses entered on this device still wait for a signed-in session. */
export function OfflineQueueNotice() {
  const { t } = useTranslation();
  const { items } = useOfflineQueue();
  const waiting = items.filter((i) => i.state === 'waiting').length;
  if (!waiting) return null;
  return (
    <Alert color="orange" data-testid="offline-signin-queue">
      {t('site.offline.signInQueue', { count: waiting })}
    </Alert>
  );
}

/**
 * The queue indicator of the site screen: how many doses wait, the last sync and its error, "sync
 * now", and each dose; those the server did not record (conflict, refusal) with its reason and
 * discard / edit. Hidden when nothing was ever queued.
 */
export function OfflineQueue() {
  const { t } = useTranslation();
  const lang = currentLang();
  const site = useOfflineSite();
  const { items, meta } = useOfflineQueue();
  const [editing, setEditing] = useState<QueuedDose | null>(null);
  const [syncing, setSyncing] = useState(false);
  if (!site) return null;
  const waiting = items.filter((i) => i.state === 'waiting');
  const attention = items.length - waiting.length;
  if (!items.length)
    return meta?.lastSyncAt ? (
      <Text size="xs" c="dimmed" data-testid="offline-synced">
        {t('site.offline.allSynced', { time: time(meta.lastSyncAt) })}
      </Text>
    ) : null;
  const error = meta?.lastError;
  const syncNow = async () => {
    setSyncing(true);
    await site.syncer?.syncNow();
    setSyncing(false);
  };
  return (
    <Paper withBorder p="sm" data-testid="offline-queue">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600} size="sm">
              {t('site.offline.title')}
            </Text>
            {waiting.length ? (
              <Badge color="yellow" data-testid="offline-count">
                {t('site.offline.count', { count: waiting.length })}
              </Badge>
            ) : null}
            {attention ? (
              <Badge color="red" data-testid="offline-attention">
                {t('site.offline.attentionCount', { count: attention })}
              </Badge>
            ) : null}
          </Group>
          <Button size="xs" variant="light" loading={syncing} onClick={() => void syncNow()}>
            {t('site.offline.syncNow')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {meta?.lastSyncAt
            ? t('site.offline.lastSync', { time: time(meta.lastSyncAt) })
            : t('site.offline.neverSynced')}
        </Text>
        {error ? (
          <Text size="xs" c={error.kind === 'offline' ? 'dimmed' : 'red'} data-testid="offline-error">
            {t(`site.offline.errors.${error.kind}`, {
              time: time(error.at),
              problem: error.problem?.messages[lang] ?? '',
            })}
          </Text>
        ) : null}
        <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((item) => (
            <QueueItem
              key={item.id}
              item={item}
              staffId={site.staffId}
              onEdit={() => (isQueuedDose(item) ? setEditing(item) : undefined)}
            />
          ))}
        </Stack>
      </Stack>
      {editing ? (
        <EditQueued
          item={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void site.syncer?.syncNow();
          }}
        />
      ) : null}
    </Paper>
  );
}

function QueueItem({ item, staffId, onEdit }: { item: QueuedItem; staffId: string; onEdit: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const problem = item.problem?.messages[lang] ?? '';
  return (
    <li data-testid="offline-item" data-state={item.state} data-kind={item.kind ?? 'dose'}>
      <Group justify="space-between" gap={4} wrap="nowrap" align="start">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {item.fullName}
          </Text>
          <Text size="xs" c="dimmed">
            {isQueuedDose(item)
              ? `${t('common.vaccination.dose')} ${item.doseNumber ?? '?'} · ${item.vaccineCode} · ${item.lotNumber} · `
              : item.kind === 'check_in'
                ? `${t('site.offline.checkInStep')} · `
                : `${t('site.offline.screeningStep', { outcome: t(`site.screening.outcomes.${item.payload.outcome}`) })} · `}
            {t('site.offline.enteredAt', {
              time: time(isQueuedDose(item) ? (item.payload.givenAt ?? item.queuedAt) : item.at),
            })}
          </Text>
          {item.staffId !== staffId ? (
            <Text size="xs">{t('site.offline.otherStaff', { name: item.staffName })}</Text>
          ) : null}
        </div>
        <Badge color={item.state === 'waiting' ? 'yellow' : 'red'} variant="light" style={{ flexShrink: 0 }}>
          {t(item.state === 'waiting' ? 'site.offline.waiting' : 'site.offline.attention')}
        </Badge>
      </Group>
      {item.state !== 'waiting' ? (
        <Stack gap={4} mt={4}>
          <Text size="xs" c="red" data-testid="offline-problem">
            {item.state === 'conflict' && isQueuedDose(item)
              ? t('site.offline.conflict', { number: item.doseNumber ?? '?' })
              : t('site.offline.refused', { problem })}
          </Text>
          <Group gap="xs">
            <Anchor component={Link} to={`/staff/people/${item.personId}`} size="xs">
              {t('site.offline.openRecord')}
            </Anchor>
            {item.state === 'refused' && isQueuedDose(item) ? (
              <Button size="compact-xs" variant="light" onClick={onEdit}>
                {t('site.offline.edit')}
              </Button>
            ) : null}
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => void removeQueued(item.id)}
              data-testid="offline-discard"
            >
              {t('site.offline.discard')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </li>
  );
}

/** Changes what the server refused (the lot, the dose number, the reason for an override) and sends it again. */
function EditQueued({
  item,
  onClose,
  onSaved,
}: {
  item: QueuedDose;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const site = useOfflineSite();
  const lots = useQuery({
    queryKey: ['lots', item.vaccineCode],
    queryFn: () => (site ? siteReads(site).lots(item.vaccineCode) : Promise.resolve([])),
    networkMode: 'always',
  });
  const [lotId, setLotId] = useState<string | null>(item.payload.lotId);
  const [doseNumber, setDoseNumber] = useState<number | string>(item.doseNumber ?? '');
  const [reason, setReason] = useState(item.payload.overrideReason ?? '');
  const lotOptions = (lots.data ?? [])
    .filter((l) => !site || l.expiresOn >= site.day)
    .map((l) => ({ value: l.id, label: `${l.lotNumber} · ${l.expiresOn}` }));
  return (
    <Modal opened onClose={onClose} title={t('site.offline.editTitle', { name: item.fullName })} centered>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!lotId) return;
          await editQueued(item.id, {
            lotId,
            lotNumber: lots.data?.find((l) => l.id === lotId)?.lotNumber,
            doseNumber: typeof doseNumber === 'number' ? doseNumber : undefined,
            overrideReason: reason.trim().length >= 3 ? reason.trim() : undefined,
          });
          onSaved();
        }}
      >
        <Stack gap="sm">
          {item.problem ? <Alert color="red">{item.problem.messages[currentLang()]}</Alert> : null}
          <Select
            label={t('common.vaccination.chooseLot')}
            data={lotOptions}
            value={lotId}
            onChange={setLotId}
            allowDeselect={false}
          />
          <NumberInput
            label={t('site.offline.doseNumber')}
            min={1}
            max={10}
            value={doseNumber}
            onChange={setDoseNumber}
          />
          <TextInput
            label={t('common.vaccination.override')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('site.offline.cancel')}
            </Button>
            <Button type="submit" disabled={!lotId}>
              {t('site.offline.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
