import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

const FIELDS = ['full_name', 'birth_date', 'sex', 'cccd', 'cmnd', 'passport'] as const;
type Field = (typeof FIELDS)[number];

/** A member's correction requests: the form to ask, and each request's status and answer. */
export function CorrectionPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [field, setField] = useState<Field>('full_name');
  const [newValue, setNewValue] = useState('');
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [sent, setSent] = useState(false);
  const corrections = useQuery({ queryKey: ['corrections'], queryFn: () => api.corrections.mine() });
  const mine = corrections.data?.items.filter((c) => c.personId === personId) ?? [];

  const request = useApiAction({
    submit: async () => {
      const documentId = photo
        ? (await api.corrections.uploadDocument({ upload: { data: photo, type: photo.type } })).id
        : undefined;
      await api.corrections.request({
        params: { personId: personId },
        body: { field, newValue, note: note || undefined, documentId },
      });
    },
    onSuccess: async () => {
      setSent(true);
      setNewValue('');
      setNote('');
      setPhoto(null);
      await queryClient.invalidateQueries({ queryKey: ['corrections'] });
    },
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setSent(false);
    void request.run();
  };

  return (
    <Stack>
      <Paper withBorder p="md">
        <Title order={2} fz="lg">
          {t('citizen.member.requestTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('citizen.member.requestLead')}
        </Text>
        <form onSubmit={submit} data-testid="correction-form">
          <Stack>
            <ProblemAlert problem={request.problem} />
            {sent ? <Alert color="green">{t('citizen.member.sent')}</Alert> : null}
            <Select
              label={t('citizen.member.field')}
              data={FIELDS.map((f) => ({ value: f, label: t(`common.correctionField.${f}`) }))}
              value={field}
              onChange={(v) => {
                setField((v as Field) ?? 'full_name');
                setNewValue('');
              }}
              allowDeselect={false}
              data-testid="correction-field"
            />
            {field === 'sex' ? (
              <Select
                label={t('citizen.member.newValue')}
                data={['male', 'female'].map((s) => ({ value: s, label: t(`common.sex.${s}`) }))}
                value={newValue || null}
                onChange={(v) => setNewValue(v ?? '')}
              />
            ) : (
              <TextInput
                label={t('citizen.member.newValue')}
                type={field === 'birth_date' ? 'date' : 'text'}
                value={newValue}
                onChange={(e) => setNewValue(e.currentTarget.value)}
                required
                data-testid="correction-value"
              />
            )}
            <Textarea
              label={t('citizen.member.note')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <FileInput
              label={t('citizen.member.photo')}
              accept="image/jpeg,image/png,image/webp"
              value={photo}
              onChange={setPhoto}
              clearable
            />
            <Group justify="flex-end">
              <Button type="submit" loading={request.busy} data-testid="correction-submit">
                {t('citizen.member.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} fz="lg" mb="sm">
          {t('citizen.member.history')}
        </Title>
        {mine.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('common.none')}
          </Text>
        ) : (
          <Stack gap="sm" data-testid="correction-history">
            {mine.map((c) => (
              <div key={c.id}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {t(`common.correctionField.${c.field}`)}: {c.oldValue ?? '—'} → {c.newValue}
                  </Text>
                  <Badge
                    color={
                      c.status === 'approved'
                        ? 'green'
                        : c.status === 'rejected'
                          ? 'red'
                          : c.status === 'needs_info'
                            ? 'orange'
                            : 'gray'
                    }
                    data-testid="correction-status"
                  >
                    {t(`common.correctionStatus.${c.status}`)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {formatDate(c.createdAt, lang)}
                  {c.decisionNote ? ` · ${c.decisionNote}` : ''}
                </Text>
                {c.status === 'needs_info' ? <ReplyBox id={c.id} /> : null}
              </div>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function ReplyBox({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  return (
    <Group align="end" mt={4}>
      <TextInput
        label={t('citizen.member.replyNote')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        style={{ flex: 1 }}
      />
      <Button
        variant="light"
        disabled={!note}
        onClick={async () => {
          await api.corrections.reply({ params: { id: id }, body: { note } });
          await queryClient.invalidateQueries({ queryKey: ['corrections'] });
        }}
      >
        {t('citizen.member.reply')}
      </Button>
    </Group>
  );
}
