import { Modal } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/schemas/people.ts';
import { MemberForm, type PersonValues } from '../../components/MemberForm.tsx';
import { api } from '../../lib/api.ts';

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
  const queryClient = useQueryClient();
  return (
    <Modal opened={opened} onClose={onClose} title={t('citizen.member.edit')}>
      <MemberForm
        variant="edit"
        defaultValues={{
          phone: person.phone ?? '',
          bhyt: person.bhyt ?? '',
          unitId: person.unitId,
          addressLine: person.addressLine ?? '',
          relationship: relationship as PersonValues['relationship'],
        }}
        submit={(values) =>
          api.households.updateMember({
            params: { personId: person.id },
            body: {
              ...values,
              phone: values.phone || null,
              bhyt: values.bhyt || null,
              addressLine: values.addressLine || null,
            },
          })
        }
        onSaved={async () => {
          await queryClient.invalidateQueries();
          onClose();
        }}
        onCancel={onClose}
      />
    </Modal>
  );
}
