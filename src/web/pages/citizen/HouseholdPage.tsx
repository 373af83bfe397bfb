import {
  Alert,
  Badge,
  Button,
  Card,
  Container,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus, IconUser } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../shared/format.ts';
import { MemberForm } from '../../components/MemberForm.tsx';
import { PendingLinks } from '../../components/PendingLinks.tsx';
import { PushToggle } from '../../components/PushToggle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SignOutButton } from '../../components/SignOutButton.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

/** The household: its members, a form to add one, the inbox, and account deletion with its explanation. */
export function HouseholdPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [adding, { open, close }] = useDisclosure(false);
  const [codeFor, setCodeFor] = useState<string | null>(null);
  const household = useQuery({ queryKey: ['household'], queryFn: () => api.households.household() });
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => api.households.inbox() });

  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <Group justify="space-between">
          <Title order={1}>{t('citizen.household.title')}</Title>
          <SignOutButton />
        </Group>
        <QueryState query={household}>
          {(data) => (
            <>
              <Group justify="space-between">
                <Text c="dimmed">
                  {t('citizen.household.lead', { count: data.members.length, max: data.maxMembers })}
                </Text>
                <Button
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={open}
                  disabled={data.members.length >= data.maxMembers}
                  data-testid="add-member"
                >
                  {t('citizen.household.add')}
                </Button>
              </Group>
              <PendingLinks pending={data.pending} openId={codeFor} onOpen={setCodeFor} />
              {data.members.length === 0 && data.pending.length === 0 ? (
                <Alert>{t('citizen.household.empty')}</Alert>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} data-testid="members">
                {data.members.map((m) => (
                  <Card key={m.person.id} withBorder>
                    <Group justify="space-between" wrap="nowrap">
                      <Group gap="xs" wrap="nowrap">
                        <IconUser size={20} aria-hidden />
                        <Text fw={600}>{m.person.fullName}</Text>
                      </Group>
                      <Badge variant="light">{t(`common.relationship.${m.relationship}`)}</Badge>
                    </Group>
                    <Text size="sm" c="dimmed" mt={4}>
                      {formatDate(m.person.birthDate, lang)} · {t(`common.sex.${m.person.sex}`)}
                      {m.person.unitName ? ` · ${m.person.unitName}` : ''}
                    </Text>
                    {m.managedByOthers ? (
                      <Text size="xs" c="dimmed">
                        {t('citizen.household.managedByOthers', { count: m.managedByOthers })}
                      </Text>
                    ) : null}
                    <Button
                      component={Link}
                      to={`/citizen/members/${m.person.id}`}
                      variant="light"
                      mt="sm"
                      aria-label={`${t('citizen.household.open')}: ${m.person.fullName}`}
                    >
                      {t('citizen.household.open')}
                    </Button>
                  </Card>
                ))}
              </SimpleGrid>
            </>
          )}
        </QueryState>
        <Appointments />
        <Paper withBorder p="md">
          <Title order={2} fz="lg" mb="sm">
            {t('citizen.household.inbox')}
          </Title>
          <PushToggle />
          <QueryState query={inbox}>
            {(data) =>
              data.items.length ? (
                <Stack gap="xs" data-testid="inbox">
                  {data.items.slice(0, 10).map((n) => (
                    <div key={n.id}>
                      <Text fw={n.read ? 400 : 600} size="sm">
                        {n.title[lang]}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {n.body[lang]}
                      </Text>
                    </div>
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('citizen.household.noMessages')}
                </Text>
              )
            }
          </QueryState>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} fz="lg">
            {t('citizen.household.deleteTitle')}
          </Title>
          <Text size="sm" mt="xs">
            {t('citizen.household.deleteExplain')}
          </Text>
          <Button
            color="red"
            variant="light"
            mt="sm"
            onClick={async () => {
              if (!window.confirm(t('citizen.household.deleteConfirm'))) return;
              await api.households.deleteAccount();
              queryClient.clear();
              await queryClient.invalidateQueries();
            }}
          >
            {t('citizen.household.deleteButton')}
          </Button>
        </Paper>
      </Stack>
      <Modal opened={adding} onClose={close} title={t('citizen.household.addTitle')} size="lg">
        <Text size="sm" c="dimmed" mb="sm">
          {t('citizen.household.addHint')}
        </Text>
        <MemberForm
          hasSelf={household.data?.members.some((m) => m.relationship === 'self') ?? false}
          onCancel={close}
          submit={(values) => api.households.addMember({ body: values })}
          onSaved={async (added) => {
            await queryClient.invalidateQueries({ queryKey: ['household'] });
            close();
            // A member with a CCCD waits for the code the person received: open its dialog at once.
            if ('state' in added) setCodeFor(added.id);
          }}
        />
      </Modal>
    </Container>
  );
}

/** Upcoming appointments of every household member (scheduled registrations). */
function Appointments() {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const mine = useQuery({ queryKey: ['my-registrations'], queryFn: () => api.registrations.mine() });
  const upcoming = (mine.data?.items ?? []).filter(
    (r) => r.appointment && ['scheduled', 'checked_in'].includes(r.state),
  );
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="lg" mb="sm">
        {t('citizen.appointments.title')}
      </Title>
      {upcoming.length ? (
        <Stack gap="xs" data-testid="appointments">
          {upcoming.map((r) => (
            <div key={r.id}>
              <Text fw={600} size="sm">
                {r.personName} · {vaccineName(r.appointment?.vaccineCode)}
              </Text>
              <Text size="sm">
                {t('citizen.appointments.at', {
                  date: formatDate(r.appointment?.date ?? '', lang),
                  slot: r.appointment?.slot ?? '',
                  place: r.appointment?.facilityName ?? '',
                })}
              </Text>
            </div>
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('citizen.appointments.none')}
        </Text>
      )}
    </Paper>
  );
}
