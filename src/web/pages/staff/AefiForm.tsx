import {
  Alert,
  Button,
  Chip,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERIOUS_CRITERIA, SYMPTOMS } from '../../../shared/schemas/reactions.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';

const OUTCOMES = [
  'recovering',
  'recovered',
  'recovered_with_sequelae',
  'not_recovered',
  'died',
  'unknown',
] as const;

/** Staff record an AEFI on the WHO core fields and classify it; a serious one alerts the managers. */
export function AefiForm({
  personId,
  doses,
  onSaved,
}: {
  personId: string;
  doses: { id: string; label: string }[];
  /** Called once a report is saved (the observation list closes its dialog). */
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const [dose, setDose] = useState<string | null>(doses.at(-1)?.id ?? null);
  const [onset, setOnset] = useState(() =>
    new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
  );
  const [symptoms, setSymptoms] = useState<string[]>([]);
  const [severity, setSeverity] = useState<'mild' | 'moderate' | 'severe'>('moderate');
  const [serious, setSerious] = useState(false);
  const [criteria, setCriteria] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('recovering');
  const [description, setDescription] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = useApiAction({
    submit: () =>
      api.reactions.recordAefi({
        body: {
          personId,
          doseId: dose ?? undefined,
          onsetAt: new Date(onset).toISOString(),
          symptoms: symptoms as (typeof SYMPTOMS)[number][],
          severity,
          description: description || undefined,
          serious,
          seriousCriteria: criteria as (typeof SERIOUS_CRITERIA)[number][],
          outcome,
        },
      }),
    onSuccess: (saved) => {
      setMessage({ ok: true, text: t(saved.serious ? 'staff.aefi.savedSerious' : 'staff.aefi.saved') });
      onSaved?.();
    },
  });

  return (
    <Paper withBorder p="md">
      <Title order={3} fz="md" mb="sm">
        {t('staff.aefi.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMessage(null);
          void save.run();
        }}
      >
        <Stack gap="sm">
          <Group grow wrap="wrap">
            <Select
              label={t('citizen.reaction.dose')}
              data={doses.map((d) => ({ value: d.id, label: d.label }))}
              value={dose}
              onChange={setDose}
            />
            <TextInput
              type="datetime-local"
              label={t('citizen.reaction.onset')}
              value={onset}
              onChange={(e) => setOnset(e.currentTarget.value)}
            />
          </Group>
          <div>
            <Text size="sm" fw={500} mb={4} id="aefi-symptoms">
              {t('citizen.reaction.symptoms')}
            </Text>
            <Chip.Group multiple value={symptoms} onChange={setSymptoms}>
              <Group gap={6} role="group" aria-labelledby="aefi-symptoms">
                {SYMPTOMS.map((s) => (
                  <Chip key={s} value={s} size="xs">
                    {t(`citizen.reaction.s.${s}`)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </div>
          <Group grow wrap="wrap">
            <Select
              label={t('citizen.reaction.severity')}
              data={(['mild', 'moderate', 'severe'] as const).map((s) => ({
                value: s,
                label: t(`citizen.reaction.severities.${s}`),
              }))}
              value={severity}
              onChange={(v) => setSeverity((v as typeof severity) ?? 'moderate')}
              allowDeselect={false}
            />
            <Select
              label={t('staff.aefi.outcome')}
              data={OUTCOMES.map((o) => ({ value: o, label: t(`staff.aefi.outcomes.${o}`) }))}
              value={outcome}
              onChange={(v) => setOutcome((v as typeof outcome) ?? 'unknown')}
              allowDeselect={false}
            />
          </Group>
          <Switch
            label={t('staff.aefi.serious')}
            checked={serious}
            onChange={(e) => setSerious(e.currentTarget.checked)}
          />
          {serious ? (
            <MultiSelect
              label={t('staff.aefi.criteria')}
              data={SERIOUS_CRITERIA.map((c) => ({ value: c, label: t(`staff.aefi.c.${c}`) }))}
              value={criteria}
              onChange={setCriteria}
            />
          ) : null}
          <Textarea
            label={t('citizen.reaction.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Button
            type="submit"
            loading={save.busy}
            disabled={!symptoms.length}
            color={serious ? 'red' : undefined}
          >
            {t('staff.aefi.submit')}
          </Button>
          {message ? <Alert color="green">{message.text}</Alert> : null}
          <ProblemAlert problem={save.problem} />
        </Stack>
      </form>
    </Paper>
  );
}
