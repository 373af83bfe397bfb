import {
  Alert,
  Badge,
  Button,
  Chip,
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
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { SYMPTOMS } from '../../../shared/schemas/reactions.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { useVaccineNames } from '../../lib/vaccine-names.ts';

/** The local date-time now, as a datetime-local input wants it. */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A citizen reports a reaction after a dose for a household member, and sees what was reported. */
export function ReactionPanel({ personId }: { personId: string }) {
  const vaccineName = useVaccineNames();
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const record = useQuery({
    queryKey: ['vaccination', personId],
    queryFn: () => api.doses.memberVaccination({ params: { personId: personId } }),
  });
  const reports = useQuery({
    queryKey: ['reactions', personId],
    queryFn: () => api.reactions.memberReactions({ params: { personId: personId } }),
  });
  const doses = (record.data?.doses ?? []).filter((d) => d.status === 'recorded');
  const [dose, setDose] = useState<string | null>(null);
  const chosenDose = dose ?? doses.at(-1)?.id ?? null;
  const [onset, setOnset] = useState(localNow);
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe'>('mild');
  const [description, setDescription] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const report = useApiAction({
    submit: () =>
      api.reactions.report({
        params: { personId: personId },
        body: {
          doseId: chosenDose ?? undefined,
          onsetAt: new Date(onset).toISOString(),
          symptoms: symptoms as (typeof SYMPTOMS)[number][],
          severity,
          description: description || undefined,
        },
      }),
    onSuccess: async () => {
      setMessage({ ok: true, text: t('citizen.reaction.sent') });
      setSymptoms([]);
      setDescription('');
      await queryClient.invalidateQueries({ queryKey: ['reactions', personId] });
    },
  });
  return (
    <Stack>
      <Alert color="red" variant="light">
        {t('citizen.reaction.lead')}
      </Alert>
      <Paper withBorder p="md">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setMessage(null);
            void report.run();
          }}
        >
          <Stack gap="sm">
            <Select
              label={t('citizen.reaction.dose')}
              data={doses.map((d) => ({
                value: d.id,
                label: `${t('common.vaccination.dose')} ${d.doseNumber} · ${vaccineName(d.vaccineCode)} · ${formatDate(d.givenOn, lang)}`,
              }))}
              value={chosenDose}
              onChange={setDose}
            />
            <TextInput
              type="datetime-local"
              label={t('citizen.reaction.onset')}
              value={onset}
              onChange={(e) => setOnset(e.currentTarget.value)}
            />
            <div>
              <Text size="sm" fw={500} mb={4} id="symptoms-label">
                {t('citizen.reaction.symptoms')}
              </Text>
              <Chip.Group multiple value={symptoms} onChange={setSymptoms}>
                <Group gap={6} role="group" aria-labelledby="symptoms-label">
                  {SYMPTOMS.map((s) => (
                    <Chip key={s} value={s} size="sm" data-testid={`symptom-${s}`}>
                      {t(`citizen.reaction.s.${s}`)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </div>
            <Select
              label={t('citizen.reaction.severity')}
              data={(['mild', 'moderate', 'severe'] as const).map((s) => ({
                value: s,
                label: t(`citizen.reaction.severities.${s}`),
              }))}
              value={severity}
              onChange={(v) => setSeverity((v as typeof severity) ?? 'mild')}
              allowDeselect={false}
            />
            <Textarea
              label={t('citizen.reaction.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Button
              type="submit"
              loading={report.busy}
              disabled={!symptoms.length}
              data-testid="reaction-submit"
            >
              {t('citizen.reaction.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
      {message ? (
        <Alert color="green" data-testid="reaction-message">
          {message.text}
        </Alert>
      ) : null}
      <ProblemAlert problem={report.problem} data-testid="reaction-message" />
      <Paper withBorder p="md">
        <Title order={3} fz="md" mb="xs">
          {t('citizen.reaction.history')}
        </Title>
        {reports.data?.items.length ? (
          <Stack gap="xs" data-testid="reaction-history">
            {reports.data.items.map((r) => (
              <Group key={r.id} gap="xs">
                <Text size="sm">{formatDateTime(r.onsetAt, lang)}</Text>
                <Text size="sm">
                  {r.symptoms.map((s) => t(`citizen.reaction.s.${s}`, { defaultValue: s })).join(', ')}
                </Text>
                {r.serious ? <Badge color="red">{t('citizen.reaction.serious')}</Badge> : null}
              </Group>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('citizen.reaction.none')}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
