import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
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
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import { API_KEY_MAX_DAYS, type ApiKeyInfo } from '../../../shared/schemas/accounts.ts';
import { FacilitySelect } from '../../components/FacilitySelect.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

const STATE_COLOUR = { active: 'green', expired: 'gray', revoked: 'red' } as const;

/**
 * Admin: API keys for facilities' own software — create one with an expiry (the secret shown once),
 * see each key's state, expiry and last use, bring its expiry to now, or revoke it.
 */
export function ApiKeysAdmin() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api.admin.apiKeys() });
  const [facility, setFacility] = useState('');
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(365);
  const [created, setCreated] = useState<{ key: string; facilityName: string; expiresAt: string } | null>(
    null,
  );
  const [confirming, setConfirming] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? formatDate(vietnamDate(new Date(iso)), lang) : '—');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useApiAction({
    submit: () =>
      api.admin.createApiKey({
        body: {
          facility,
          name,
          expiresInDays: typeof days === 'number' ? days : undefined,
        },
      }),
    onSuccess: async (result) => {
      setCreated(result);
      setName('');
      await refresh();
    },
  });
  const change = useApiAction({
    submit: (run: () => Promise<unknown>) => run(),
    onSettled: async () => {
      setConfirming(null);
      await refresh();
    },
  });
  const act = (run: () => Promise<unknown>) => {
    create.setProblem(null);
    return change.run(run);
  };
  const problem = create.problem ?? change.problem;

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="xs">
          {t('staff.apiKeys.create')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('staff.apiKeys.explain')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            change.setProblem(null);
            setCreated(null);
            void create.run();
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <FacilitySelect
              label={t('staff.users.facility')}
              placeholder={t('imports.facility.placeholder')}
              value={facility || null}
              onChange={(f) => setFacility(f?.code ?? '')}
              data-testid="api-key-facility"
            />
            <TextInput
              label={t('staff.apiKeys.name')}
              description={t('staff.apiKeys.nameHint')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
            />
            <NumberInput
              label={t('staff.apiKeys.days')}
              description={t('staff.apiKeys.daysHint', { max: API_KEY_MAX_DAYS })}
              value={days}
              onChange={setDays}
              min={1}
              max={API_KEY_MAX_DAYS}
              allowDecimal={false}
              required
            />
          </SimpleGrid>
          <Button type="submit" mt="sm" loading={create.busy} disabled={!facility}>
            {t('staff.apiKeys.create')}
          </Button>
        </form>
        {created ? (
          <Alert mt="sm" color="green" title={t('staff.apiKeys.createdTitle')} data-testid="api-key-created">
            <Text size="sm" mb={6}>
              {t('staff.apiKeys.createdBody', {
                facility: created.facilityName,
                date: when(created.expiresAt),
              })}
            </Text>
            <Group gap="xs" align="center">
              <Code style={{ wordBreak: 'break-all' }}>{created.key}</Code>
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {copied ? t('staff.apiKeys.copied') : t('staff.apiKeys.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        ) : null}
        <ProblemAlert problem={problem} mt="sm" />
      </Paper>
      <QueryState query={keys}>
        {(list) =>
          list.items.length === 0 ? (
            <Text c="dimmed">{t('staff.apiKeys.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="api-key-list">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('staff.apiKeys.name')}</Table.Th>
                    <Table.Th>{t('staff.users.facility')}</Table.Th>
                    <Table.Th>{t('staff.apiKeys.state')}</Table.Th>
                    <Table.Th>{t('staff.apiKeys.expires')}</Table.Th>
                    <Table.Th>{t('staff.apiKeys.lastUsed')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.items.map((k: ApiKeyInfo) => (
                    <Table.Tr key={k.id}>
                      <Table.Td>
                        {k.name}
                        <Text size="xs" c="dimmed">
                          {k.prefix}…
                        </Text>
                      </Table.Td>
                      <Table.Td>{k.facilityName}</Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLOUR[k.state]} variant="light">
                          {t(`staff.apiKeys.states.${k.state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{when(k.expiresAt)}</Table.Td>
                      <Table.Td>{k.lastUsedAt ? when(k.lastUsedAt) : t('staff.apiKeys.never')}</Table.Td>
                      <Table.Td>
                        {k.state === 'active' ? (
                          confirming === k.id ? (
                            <Group gap={4} wrap="nowrap">
                              <Button
                                size="compact-xs"
                                variant="light"
                                onClick={() =>
                                  act(() => api.admin.expireApiKey({ params: { id: k.id }, body: {} }))
                                }
                              >
                                {t('staff.apiKeys.expireNow')}
                              </Button>
                              <Button
                                size="compact-xs"
                                color="red"
                                onClick={() => act(() => api.admin.revokeApiKey({ params: { id: k.id } }))}
                              >
                                {t('staff.apiKeys.revoke')}
                              </Button>
                              <Button size="compact-xs" variant="subtle" onClick={() => setConfirming(null)}>
                                {t('common.cancel')}
                              </Button>
                            </Group>
                          ) : (
                            <Button
                              size="compact-xs"
                              variant="light"
                              color="red"
                              onClick={() => setConfirming(k.id)}
                              aria-label={t('staff.apiKeys.stopLabel', { name: k.name })}
                            >
                              {t('staff.apiKeys.stop')}
                            </Button>
                          )
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}
