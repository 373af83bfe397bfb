import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import type { PersonSummary } from '../../../shared/schemas/people.ts';
import { MemberForm } from '../../components/MemberForm.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';

/**
 * A walk-in who is not in the register: the person form staff use (the shared schema checks CCCD,
 * phone and BHYT first), `POST /api/staff/people`, then `onCreated` registers and checks them in. A
 * likely duplicate the server finds is shown first: take that person, or confirm it is someone else.
 */
export function WalkInNewPerson({
  name,
  onCreated,
  onCancel,
}: {
  /** What the search was typed with, to start the name field from. */
  name: string;
  onCreated: (personId: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [candidates, setCandidates] = useState<PersonSummary[] | null>(null);
  const looksLikeName = /\p{L}/u.test(name) && !/\d/.test(name);

  return (
    <Paper withBorder p="sm" data-testid="walk-in-new">
      <MemberForm
        variant="walk-in"
        defaultValues={{ fullName: looksLikeName ? name : '', birthDate: '', sex: 'female' }}
        submit={({ confirmNotDuplicate, ...clean }) =>
          api.people.create({
            body: {
              ...clean,
              confirmNotDuplicate: confirmNotDuplicate || undefined,
            },
          })
        }
        onSaved={(person) => onCreated(person.id)}
        onProblem={(problem) => {
          if (problem.code !== 'likely_duplicate') return false;
          setCandidates((problem.meta?.candidates as PersonSummary[] | undefined) ?? []);
          return true;
        }}
        onCancel={onCancel}
        title={
          <Title order={4} fz="sm">
            {t('site.day.walkInNewTitle')}
          </Title>
        }
        extra={({ run, form }) =>
          candidates ? (
            <Alert color="yellow" data-testid="walk-in-duplicates">
              <Text size="sm" mb="xs">
                {t('site.day.walkInLikelyDuplicate')}
              </Text>
              {candidates.map((c) => (
                <Group key={c.id} justify="space-between" wrap="nowrap" mb={4}>
                  <Text size="sm">
                    {c.fullName} · {formatDate(c.birthDate, lang)}
                    {c.unitName ? ` · ${c.unitName}` : ''}
                  </Text>
                  <Button size="xs" variant="light" onClick={() => onCreated(c.id)}>
                    {t('site.day.walkInAdd')}
                  </Button>
                </Group>
              ))}
              <Button
                size="xs"
                variant="default"
                onClick={() => run({ ...form.getValues(), confirmNotDuplicate: true })}
              >
                {t('site.day.walkInNotDuplicate')}
              </Button>
            </Alert>
          ) : null
        }
      />
    </Paper>
  );
}
