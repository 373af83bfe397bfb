import {
  Anchor,
  Button,
  Container,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { VaccinationPanel } from '../../components/VaccinationPanel.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { CorrectionPanel } from './CorrectionPanel.tsx';
import { EditMemberModal } from './EditMemberModal.tsx';
import { PassportPanel } from './PassportPanel.tsx';
import { ReactionPanel } from './ReactionPanel.tsx';
import { RegistrationPanel } from './RegistrationPanel.tsx';

/** One household member: details, corrections, who opened the record, data download, removal. */
export function MemberPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const person = useQuery({
    queryKey: ['member', id],
    queryFn: () => api.households.member({ params: { personId: id } }),
  });
  const access = useQuery({
    queryKey: ['access', id],
    queryFn: () => api.households.accessLog({ params: { personId: id } }),
  });
  const vaccination = useQuery({
    queryKey: ['vaccination', id],
    queryFn: () => api.doses.memberVaccination({ params: { personId: id } }),
  });
  const household = useQuery({ queryKey: ['household'], queryFn: () => api.households.household() });
  const relationship = household.data?.members.find((m) => m.person.id === id)?.relationship;
  const [editing, { open: openEdit, close: closeEdit }] = useDisclosure(false);

  const download = async () => {
    const data = await api.households.exportMember({ params: { personId: id } });
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `sskdt-${id}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Container size="lg" py="xl">
      <Anchor component={Link} to="/citizen" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> {t('citizen.member.back')}
        </Group>
      </Anchor>
      <QueryState query={person}>
        {(p) => (
          <Stack mt="md">
            <Title order={1} data-testid="member-name">
              {p.fullName}
            </Title>
            <Tabs defaultValue="details" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="details">{t('citizen.member.details')}</Tabs.Tab>
                <Tabs.Tab value="vaccination" data-testid="tab-vaccination">
                  {t('common.vaccination.tab')}
                </Tabs.Tab>
                <Tabs.Tab value="passport" data-testid="tab-passport">
                  {t('passport.tab')}
                </Tabs.Tab>
                <Tabs.Tab value="registration" data-testid="tab-registration">
                  {t('citizen.registration.tab')}
                </Tabs.Tab>
                <Tabs.Tab value="reaction" data-testid="tab-reaction">
                  {t('citizen.reaction.tab')}
                </Tabs.Tab>
                <Tabs.Tab value="corrections" data-testid="tab-corrections">
                  {t('citizen.member.corrections')}
                </Tabs.Tab>
                <Tabs.Tab value="access">{t('citizen.member.accessLog')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="details" pt="md">
                <Paper withBorder p="md">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                    {(
                      [
                        ['fullName', p.fullName],
                        ['birthDate', formatDate(p.birthDate, lang)],
                        ['sex', t(`common.sex.${p.sex}`)],
                        ['cccd', p.cccd],
                        ['phone', p.phone],
                        ['bhyt', p.bhyt],
                        ['unitId', [p.unitName, p.provinceName].filter(Boolean).join(', ')],
                        ['addressLine', p.addressLine],
                      ] as const
                    ).map(([key, value]) => (
                      <div key={key}>
                        <Text size="xs" c="dimmed">
                          {t(`common.fields.${key}`)}
                        </Text>
                        <Text>{value || '—'}</Text>
                      </div>
                    ))}
                  </SimpleGrid>
                </Paper>
                <Group mt="md">
                  <Button variant="light" onClick={openEdit} data-testid="edit-member">
                    {t('citizen.member.edit')}
                  </Button>
                  <Button
                    leftSection={<IconDownload size={16} aria-hidden />}
                    variant="light"
                    onClick={download}
                  >
                    {t('citizen.member.export')}
                  </Button>
                  <Button
                    color="red"
                    variant="subtle"
                    onClick={async () => {
                      await api.households.removeMember({ params: { personId: id } });
                      await queryClient.invalidateQueries({ queryKey: ['household'] });
                      navigate('/citizen');
                    }}
                  >
                    {t('citizen.member.remove')}
                  </Button>
                </Group>
                <Text size="xs" c="dimmed" mt={4}>
                  {t('citizen.member.removeExplain')}
                </Text>
              </Tabs.Panel>
              <EditMemberModal person={p} relationship={relationship} opened={editing} onClose={closeEdit} />
              <Tabs.Panel value="vaccination" pt="md">
                <VaccinationPanel query={vaccination} />
              </Tabs.Panel>
              <Tabs.Panel value="passport" pt="md">
                <PassportPanel personId={id} />
              </Tabs.Panel>
              <Tabs.Panel value="registration" pt="md">
                <RegistrationPanel personId={id} name={p.fullName} />
              </Tabs.Panel>
              <Tabs.Panel value="reaction" pt="md">
                <ReactionPanel personId={id} />
              </Tabs.Panel>
              <Tabs.Panel value="corrections" pt="md">
                <CorrectionPanel personId={id} />
              </Tabs.Panel>
              <Tabs.Panel value="access" pt="md">
                <Text size="sm" c="dimmed" mb="sm">
                  {t('citizen.member.accessLead')}
                </Text>
                <QueryState query={access}>
                  {(log) =>
                    log.items.length ? (
                      <Table.ScrollContainer minWidth={520}>
                        <Table data-testid="access-log">
                          <Table.Thead>
                            <Table.Tr>
                              <Table.Th>{t('citizen.member.when')}</Table.Th>
                              <Table.Th>{t('citizen.member.who')}</Table.Th>
                              <Table.Th>{t('citizen.member.where')}</Table.Th>
                              <Table.Th>{t('citizen.member.what')}</Table.Th>
                            </Table.Tr>
                          </Table.Thead>
                          <Table.Tbody>
                            {log.items.map((e) => (
                              <Table.Tr key={`${e.at}-${e.action}`}>
                                <Table.Td>{formatDateTime(e.at, lang)}</Table.Td>
                                <Table.Td>
                                  {e.staffName}
                                  <Text size="xs" c="dimmed">
                                    {e.role ? t(`common.roles.${e.role}`, { defaultValue: e.role }) : ''}
                                  </Text>
                                </Table.Td>
                                <Table.Td>{e.workplace ?? '—'}</Table.Td>
                                <Table.Td>
                                  {t(`common.actions.${e.action}`, { defaultValue: e.action })}
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                    ) : (
                      <Text size="sm">{t('citizen.member.noAccess')}</Text>
                    )
                  }
                </QueryState>
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </Container>
  );
}
