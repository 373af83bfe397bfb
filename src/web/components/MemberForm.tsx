import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { addMemberSchema } from '../../shared/schemas/households.ts';
import { currentLang } from '../i18n/index.ts';
import { applyProblem, fieldErrorText } from '../lib/forms.ts';
import { CommuneSelect } from './CommuneSelect.tsx';

type Values = z.input<typeof addMemberSchema>;
const FIELDS = [
  'relationship',
  'fullName',
  'birthDate',
  'sex',
  'cccd',
  'phone',
  'bhyt',
  'unitId',
  'addressLine',
];

/** The add-a-member form: the shared schema checks CCCD, phone and BHYT before anything is sent. */
export function MemberForm({
  onSubmit,
  onCancel,
}: {
  onSubmit: (values: Values) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(addMemberSchema),
    defaultValues: { relationship: 'self', sex: 'male', fullName: '', birthDate: '' },
  });
  const err = (name: keyof Values) => fieldErrorText(formState.errors[name] as never, lang);
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    const clean = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, v === '' ? undefined : v]),
    ) as Values;
    try {
      await onSubmit(clean);
    } catch (error) {
      setProblem(applyProblem(error, setError, lang, FIELDS));
    }
  });
  const options = <K extends string>(prefix: string, keys: readonly K[]) =>
    keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));

  return (
    <form onSubmit={submit} noValidate data-testid="member-form">
      <Stack>
        {problem ? <Alert color="red">{problem}</Alert> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Controller
            control={control}
            name="relationship"
            render={({ field }) => (
              <Select
                label={t('common.fields.relationship')}
                data={options('common.relationship', ['self', 'spouse', 'child', 'parent', 'other'] as const)}
                {...field}
                error={err('relationship')}
                allowDeselect={false}
              />
            )}
          />
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
                data={options('common.sex', ['male', 'female'] as const)}
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
          <TextInput label={t('common.fields.bhyt')} {...register('bhyt')} error={err('bhyt')} />
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
        <TextInput
          label={t('common.fields.addressLine')}
          {...register('addressLine')}
          error={err('addressLine')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={formState.isSubmitting} data-testid="member-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
