import { Alert, Anchor, Container, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate } from '../../../shared/format.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { VaccinationPanel } from '../../components/VaccinationPanel.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/auth.ts';
import { can } from '../../lib/permissions.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';
import { AefiForm } from './AefiForm.tsx';
import { RecordDoseForm } from './RecordDoseForm.tsx';

/** A person's record for staff (opening it is audited and visible to the citizen). */
export function StaffPersonPage() {
  const vaccineName = useVaccineNames();
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = currentLang();
  const person = useQuery({
    queryKey: ['staff-person', id],
    queryFn: () => api.people.person({ params: { id } }),
  });
  const vaccination = useQuery({
    queryKey: ['staff-vaccination', id],
    queryFn: () => api.doses.personVaccination({ params: { id } }),
  });
  const me = useMe();
  const vaccinator = can(me.data?.actor, 'doses.record');
  return (
    <Container size="lg" py="xl">
      <Anchor component={Link} to="/staff" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden /> {t('staff.person.back')}
        </Group>
      </Anchor>
      <QueryState query={person}>
        {(p) => (
          <Paper withBorder p="md" mt="md">
            <Title order={1} fz="h2" data-testid="staff-person-name">
              {p.fullName}
            </Title>
            {p.mergedInto ? (
              <Alert color="orange" mt="sm">
                {t('staff.person.mergedInto')}
              </Alert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="md" spacing="xs">
              {(
                [
                  ['birthDate', formatDate(p.birthDate, lang)],
                  ['sex', t(`common.sex.${p.sex}`)],
                  ['cccd', p.cccd],
                  ['cmnd', p.cmnd],
                  ['passport', p.passport],
                  ['phone', p.phone],
                  ['bhyt', p.bhyt],
                  ['unitId', [p.unitName, p.provinceName].filter(Boolean).join(', ')],
                  ['addressLine', p.addressLine],
                  ['priorityGroup', p.priorityGroup],
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
        )}
      </QueryState>
      <Stack mt="md">
        {vaccinator ? <RecordDoseForm personId={id} /> : null}
        <VaccinationPanel query={vaccination} />
        {vaccination.data ? (
          <AefiForm
            personId={id}
            doses={vaccination.data.doses
              .filter((d) => d.status === 'recorded')
              .map((d) => ({
                id: d.id,
                label: `${d.doseNumber} · ${vaccineName(d.vaccineCode)} · ${formatDate(d.givenOn, lang)}`,
              }))}
          />
        ) : null}
      </Stack>
    </Container>
  );
}
