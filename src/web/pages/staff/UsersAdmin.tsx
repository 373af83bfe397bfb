import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRoleName } from '../../../shared/schemas/accounts.ts';
import { FacilitySelect } from '../../components/FacilitySelect.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

const ROLES: StaffRoleName[] = ['admin', 'province_manager', 'commune_manager', 'site_staff', 'clinic_staff'];

/** Admin: staff accounts — list, create (password shown once), disable/enable, reset password. */
export function UsersAdmin() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.admin.users({ query: { limit: 200 } }) });
  const [form, setForm] = useState({
    username: '',
    displayName: '',
    role: 'site_staff' as StaffRoleName,
    unit: '',
    facility: '',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const create = useApiAction({
    submit: () =>
      api.admin.createUser({
        body: {
          username: form.username,
          displayName: form.displayName,
          role: form.role,
          unit: form.unit || undefined,
          facility: form.facility || undefined,
        },
      }),
    onSuccess: async (created) => {
      setMessage({ ok: true, text: t('staff.users.created', { password: created.password }) });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const disable = useApiAction({
    submit: (u: { id: string; disabled: boolean }) =>
      (!u.disabled ? api.admin.disableUser : api.admin.enableUser)({ params: { id: u.id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const reset = useApiAction({
    submit: (id: string) => api.admin.resetPassword({ params: { id: id } }),
    onSuccess: (done) =>
      setMessage({
        ok: true,
        text: t('staff.users.resetDone', { password: done.password }),
      }),
  });
  const actions = [create, disable, reset];
  const start = () => {
    setMessage(null);
    for (const a of actions) a.setProblem(null);
  };
  const problem = create.problem ?? disable.problem ?? reset.problem;
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: e.currentTarget.value });

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="sm">
          {t('staff.users.create')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start();
            void create.run();
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            <TextInput
              label={t('staff.users.username')}
              value={form.username}
              onChange={set('username')}
              required
            />
            <TextInput
              label={t('staff.users.displayName')}
              value={form.displayName}
              onChange={set('displayName')}
              required
            />
            <Select
              label={t('staff.users.role')}
              data={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))}
              value={form.role}
              onChange={(v) =>
                setForm({ ...form, role: (v as StaffRoleName) ?? 'site_staff', unit: '', facility: '' })
              }
              allowDeselect={false}
            />
            {form.role === 'province_manager' || form.role === 'commune_manager' ? (
              <UnitSelect
                // A new picker when the level changes: a province's code is no commune's.
                key={form.role}
                level={form.role === 'province_manager' ? 'province' : 'commune'}
                label={t(form.role === 'province_manager' ? 'staff.users.province' : 'staff.users.commune')}
                value={form.unit || null}
                onChange={(unit) => setForm({ ...form, unit: unit ?? '' })}
                required
                data-testid="user-unit"
              />
            ) : null}
            {form.role === 'site_staff' || form.role === 'clinic_staff' ? (
              <FacilitySelect
                label={t('staff.users.facility')}
                placeholder={t('imports.facility.placeholder')}
                value={form.facility || null}
                onChange={(facility) => setForm({ ...form, facility: facility?.code ?? '' })}
                data-testid="user-facility"
              />
            ) : null}
          </SimpleGrid>
          <Button type="submit" mt="sm" loading={create.busy}>
            {t('staff.users.create')}
          </Button>
        </form>
        {message ? (
          <Alert mt="sm" color="green">
            {message.text}
          </Alert>
        ) : null}
        <ProblemAlert problem={problem} mt="sm" />
      </Paper>
      <QueryState query={users}>
        {(page) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Tbody>
                {page.items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      {u.username}
                      {u.disabled ? (
                        <Badge ml={6} color="red" size="xs">
                          {t('staff.users.disabled')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{u.displayName}</Table.Td>
                    <Table.Td>{t(`common.roles.${u.role}`)}</Table.Td>
                    <Table.Td>{u.unitName ?? u.facilityName ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          color={u.disabled ? 'green' : 'red'}
                          onClick={() => {
                            start();
                            void disable.run(u);
                          }}
                        >
                          {u.disabled ? t('staff.users.enable') : t('staff.users.disable')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => {
                            start();
                            void reset.run(u.id);
                          }}
                        >
                          {t('staff.users.reset')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
