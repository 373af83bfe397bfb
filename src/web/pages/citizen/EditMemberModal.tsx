import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { updateMemberSchema } from '../../../shared/schemas/households.ts';
import type { Person } from '../../../shared/schemas/people.ts';
import { CommuneSelect } from '../../components/CommuneSelect.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { applyProblem, fieldErrorText } from '../../lib/forms.ts';

type Values = z.input<typeof updateMemberSchema>;

/** Edit a member's phone, insurance card, address and relationship (identity goes through corrections). */
export function EditMemberModal({
  person,
  relationship,
  opened,
  onClose,
}: {
  person: Person;
  relationship?: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<Values>({
    resolver: zodResolver(updateMemberSchema),
    defaultValues: {
      phone: person.phone ?? '',
      bhyt: person.bhyt ?? '',
      unitId: person.unitId,
      addressLine: person.addressLine ?? '',
      relationship: relationship as Values['relationship'],
    },
  });
  const err = (name: keyof Values) => fieldErrorText(formState.errors[name] as never, lang);
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await api.households.updateMember({
        params: { personId: person.id },
        body: {
          ...values,
          phone: values.phone || null,
          bhyt: values.bhyt || null,
          addressLine: values.addressLine || null,
        },
      });
      await queryClient.invalidateQueries();
      onClose();
    } catch (error) {
      setProblem(
        applyProblem(error, setError, lang, ['phone', 'bhyt', 'unitId', 'addressLine', 'relationship']),
      );
    }
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('citizen.member.edit')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {problem ? <Alert color="red">{problem}</Alert> : null}
          <Controller
            control={control}
            name="relationship"
            render={({ field }) => (
              <Select
                label={t('common.fields.relationship')}
                data={(['self', 'spouse', 'child', 'parent', 'other'] as const).map((r) => ({
                  value: r,
                  label: t(`common.relationship.${r}`),
                }))}
                value={field.value ?? null}
                onChange={field.onChange}
                allowDeselect={false}
              />
            )}
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
          <TextInput
            label={t('common.fields.addressLine')}
            {...register('addressLine')}
            error={err('addressLine')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={formState.isSubmitting}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
