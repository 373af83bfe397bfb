import { Button, Card, Group, Modal, PinInput, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format.ts';
import type { LinkRequest } from '../../shared/schemas/households.ts';
import { currentLang } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { useApiAction } from '../lib/api-form.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/**
 * Members asked for and waiting for their consent: the code the person received is typed here, or the
 * request withdrawn. Shows only what this phone typed — nothing from the registry.
 */
export function PendingLinks({
  pending,
  openId,
  onOpen,
}: {
  pending: LinkRequest[];
  /** The request whose code dialog is open (just created, or chosen). */
  openId: string | null;
  onOpen: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const current = pending.find((p) => p.id === openId) ?? null;
  const close = () => {
    setCode('');
    linking.setProblem(null);
    onOpen(null);
  };
  const linking = useApiAction({
    submit: (id: string) => api.households.confirmLink({ params: { id: id }, body: { code: code } }),
    onSuccess: close,
    onProblem: () => {
      setCode('');
      return false;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['household'] }),
  });
  const { busy, problem } = linking;
  if (!pending.length) return null;

  const confirm = async () => {
    if (!current) return;
    await linking.run(current.id);
  };

  return (
    <Card withBorder data-testid="pending-links">
      <Title order={2} fz="lg">
        {t('citizen.household.pendingTitle')}
      </Title>
      <Text size="sm" c="dimmed" mt={4}>
        {t('citizen.household.pendingLead')}
      </Text>
      <Stack gap="xs" mt="sm">
        {pending.map((p) => (
          <Group key={p.id} justify="space-between" wrap="wrap">
            <div>
              <Text fw={600}>
                {p.fullName} · {t(`common.relationship.${p.relationship}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('citizen.household.pendingUntil', { date: formatDate(p.expiresAt.slice(0, 10), lang) })}
              </Text>
            </div>
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => onOpen(p.id)}
                aria-label={`${t('citizen.household.enterCode')}: ${p.fullName}`}
              >
                {t('citizen.household.enterCode')}
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                aria-label={`${t('citizen.household.withdraw')}: ${p.fullName}`}
                onClick={async () => {
                  await api.households.cancelLink({ params: { id: p.id } });
                  await queryClient.invalidateQueries({ queryKey: ['household'] });
                }}
              >
                {t('citizen.household.withdraw')}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
      <Modal
        opened={current !== null}
        onClose={close}
        title={t('citizen.household.codeTitle', { name: current?.fullName ?? '' })}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <Stack>
            <Text size="sm">{t('citizen.household.pendingLead')}</Text>
            <ProblemAlert problem={problem} />
            <div>
              <Text component="label" htmlFor="link-code" size="sm" fw={500}>
                {t('citizen.household.codeLabel')}
              </Text>
              <PinInput
                id="link-code"
                length={6}
                type="number"
                oneTimeCode
                value={code}
                onChange={setCode}
                aria-label={t('citizen.household.codeLabel')}
                data-testid="link-code"
              />
            </div>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} disabled={code.length !== 6}>
                {t('citizen.household.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
