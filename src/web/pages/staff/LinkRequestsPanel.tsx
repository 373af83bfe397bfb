import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import type { staffLinkRequestsSchema } from '../../../shared/schemas/households.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

type LinkRequest = z.infer<typeof staffLinkRequestsSchema>['items'][number];

/**
 * Staff at a site confirm a household request for a person whose record has no phone (so no code
 * could reach them): the person is in front of them with the ID card. Staff type the card's CCCD, see
 * what the asker claimed and whether it matches the record, check the card and confirm.
 */
export function LinkRequestsPanel() {
  const { t } = useTranslation();
  const lang = currentLang();
  const [cccd, setCccd] = useState('');
  const [items, setItems] = useState<LinkRequest[] | null>(null);
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const find = useApiAction({
    submit: () => api.households.staffLinkRequests({ query: { cccd: cccd.trim() } }),
    onSuccess: (result) => {
      setItems(result.items);
      setChecked({});
    },
    onProblem: () => {
      setItems(null);
      return false;
    },
  });
  const confirmOne = useApiAction({
    submit: (item: LinkRequest) => api.households.staffConfirmLink({ params: { id: item.id } }),
    onSuccess: (_, item) => {
      setMessage({ ok: true, text: t('staff.links.confirmed', { name: item.fullName }) });
      setItems((list) => list?.filter((i) => i.id !== item.id) ?? null);
    },
  });
  const busy = find.busy || confirmOne.busy;
  const clear = () => {
    setMessage(null);
    find.setProblem(null);
    confirmOne.setProblem(null);
  };
  const search = async () => {
    clear();
    await find.run();
  };
  const confirm = async (item: LinkRequest) => {
    clear();
    await confirmOne.run(item);
  };
  const problem = find.problem ?? confirmOne.problem;

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="xs">
          {t('staff.links.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('staff.links.explain')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Group align="end">
            <TextInput
              label={t('staff.links.cccd')}
              value={cccd}
              onChange={(e) => setCccd(e.currentTarget.value)}
              inputMode="numeric"
              maxLength={20}
              required
              style={{ flex: 1, minWidth: 180 }}
            />
            <Button type="submit" loading={busy}>
              {t('staff.links.find')}
            </Button>
          </Group>
        </form>
      </Paper>
      {message ? (
        <Alert color="green" role="status">
          {message.text}
        </Alert>
      ) : null}
      <ProblemAlert problem={problem} />
      {items && items.length === 0 ? <Text c="dimmed">{t('staff.links.none')}</Text> : null}
      {items?.map((item) => (
        <Paper withBorder p="md" key={item.id} data-testid="link-request">
          <Stack gap={6}>
            <Group justify="space-between" wrap="wrap">
              <Text fw={600}>{item.fullName}</Text>
              {item.matchesRecord === true ? (
                <Badge color="green" variant="light">
                  {t('staff.links.matches')}
                </Badge>
              ) : item.matchesRecord === false ? (
                <Badge color="red" variant="light">
                  {t('staff.links.mismatch')}
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  {t('staff.links.newPerson')}
                </Badge>
              )}
            </Group>
            <Text size="sm">
              {t('staff.links.claim', {
                birthDate: formatDate(item.birthDate, lang),
                relationship: t(`common.relationship.${item.relationship}`),
                phoneEnd: item.accountPhoneEnd,
              })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('staff.links.expires', { date: formatDate(vietnamDate(new Date(item.expiresAt)), lang) })}
            </Text>
            <Checkbox
              label={t('staff.links.checkedCard')}
              checked={Boolean(checked[item.id])}
              onChange={(e) => setChecked({ ...checked, [item.id]: e.currentTarget.checked })}
              disabled={item.matchesRecord === false}
            />
            <Group>
              <Button
                onClick={() => void confirm(item)}
                disabled={!checked[item.id] || item.matchesRecord === false}
                loading={busy}
              >
                {t('staff.links.confirm')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
