import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from '../../../shared/api-client.ts';
import { formatDate } from '../../../shared/format.ts';
import { type PersonSummary, personCreateSchema } from '../../../shared/schemas/people.ts';
import { CommuneSelect } from '../../components/CommuneSelect.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { applyProblem, fieldErrorText } from '../../lib/forms.ts';

type Values = z.input<typeof personCreateSchema>;
const FIELDS = ['fullName', 'birthDate', 'sex', 'cccd', 'phone', 'bhyt', 'unitId', 'addressLine'];

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
  const [problem, setProblem] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<PersonSummary[] | null>(null);
  const looksLikeName = /\p{L}/u.test(name) && !/\d/.test(name);
  const { register, control, handleSubmit, setError, formState, getValues } = useForm<Values>({
    resolver: zodResolver(personCreateSchema),
    defaultValues: { fullName: looksLikeName ? name : '', birthDate: '', sex: 'female' },
  });
  const err = (field: keyof Values) => fieldErrorText(formState.errors[field] as never, lang);
  const create = async (values: Values, confirmNotDuplicate = false) => {
    setProblem(null);
    const clean = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v]),
    ) as Values;
    try {
      const person = await api.people.create({
        body: { ...clean, confirmNotDuplicate: confirmNotDuplicate || undefined },
      });
      await onCreated(person.id);
    } catch (error) {
      if (error instanceof ApiError && error.problem.code === 'likely_duplicate') {
        setCandidates((error.problem.meta?.candidates as PersonSummary[] | undefined) ?? []);
        return;
      }
      setProblem(applyProblem(error, setError, lang, FIELDS));
    }
  };
  const submit = handleSubmit((values) => create(values));

  return (
    <Paper withBorder p="sm" data-testid="walk-in-new">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={4} fz="sm">
            {t('site.day.walkInNewTitle')}
          </Title>
          {problem ? <Alert color="red">{problem}</Alert> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('common.fields.fullName')}
              {...register('fullName')}
              error={err('fullName')}
              required
            />
            <TextInput
              label={t('common.fields.birthDate')}
              type="date"
              {...register('birthDate')}
              error={err('birthDate')}
              required
            />
            <Controller
              control={control}
              name="sex"
              render={({ field }) => (
                <Select
                  label={t('common.fields.sex')}
                  data={(['female', 'male'] as const).map((s) => ({ value: s, label: t(`common.sex.${s}`) }))}
                  {...field}
                  error={err('sex')}
                  allowDeselect={false}
                />
              )}
            />
            <TextInput
              label={t('common.fields.cccd')}
              inputMode="numeric"
              {...register('cccd')}
              error={err('cccd')}
            />
            <TextInput
              label={t('common.fields.phone')}
              type="tel"
              {...register('phone')}
              error={err('phone')}
            />
            <Controller
              control={control}
              name="unitId"
              render={({ field }) => (
                <CommuneSelect
                  label={t('common.fields.unitId')}
                  value={field.value}
                  onChange={field.onChange}
                  error={err('unitId')}
                />
              )}
            />
          </SimpleGrid>
          {candidates ? (
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
              <Button size="xs" variant="default" onClick={() => create(getValues(), true)}>
                {t('site.day.walkInNotDuplicate')}
              </Button>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting} data-testid="walk-in-new-submit">
              {t('site.day.walkInCreate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
