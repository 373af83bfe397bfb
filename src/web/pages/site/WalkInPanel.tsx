import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format.ts';
import { SCREENING_QUESTIONS } from '../../../shared/rules/eligibility.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { useApiAction } from '../../lib/api-form.ts';
import { useMe } from '../../lib/auth.ts';
import { can } from '../../lib/permissions.ts';
import { WalkInNewPerson } from './WalkInNewPerson.tsx';

const NO_PRE = Object.fromEntries(SCREENING_QUESTIONS.map((q) => [q, false])) as Record<
  (typeof SCREENING_QUESTIONS)[number],
  boolean
>;

/** Finds a person who came without an appointment, registers them as a walk-in and checks them in. */
export function WalkInPanel({ onCheckedIn }: { onCheckedIn: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: () => api.registrations.campaigns() });
  const [campaign, setCampaign] = useState<string | null>(null);
  const chosenCampaign = campaign ?? campaigns.data?.items[0]?.id ?? null;
  const found = useQuery({
    queryKey: ['walk-in-search', q],
    queryFn: () => api.people.search({ query: { q: q, limit: 50 } }),
    enabled: q.length >= 3,
  });
  const [creating, setCreating] = useState(false);
  const actor = useMe().data?.actor;

  const adding = useApiAction({
    submit: async ({ personId, campaignId }: { personId: string; campaignId: string }) => {
      const registration = await api.registrations.registerWalkIn({
        params: { id: personId },
        body: {
          campaignId,
          screening: NO_PRE,
        },
      });
      await api.visits.checkIn({ params: { id: registration.id }, body: {} });
      return true;
    },
    onSuccess: () => {
      setText('');
      onCheckedIn();
    },
  });
  const add = async (personId: string): Promise<boolean> => {
    if (!chosenCampaign) return false;
    return (await adding.run({ personId, campaignId: chosenCampaign })) ?? false;
  };

  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('site.day.walkInTitle')}
        </Title>
        {/* One field per line on a phone: the campaign's name does not fit half of 360 px. */}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput
            label={t('site.day.walkInSearch')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-testid="walk-in-search"
          />
          <Select
            label={t('site.day.campaign')}
            data={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name[lang] }))}
            value={chosenCampaign}
            onChange={setCampaign}
            allowDeselect={false}
          />
        </SimpleGrid>
        {found.data?.items.length === 0 && !creating ? (
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('site.day.walkInNone')}
            </Text>
            {can(actor, 'people.write') ? (
              <Button
                size="xs"
                variant="light"
                onClick={() => setCreating(true)}
                data-testid="walk-in-new-open"
              >
                {t('site.day.walkInNew')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {creating && chosenCampaign ? (
          <WalkInNewPerson
            name={text.trim()}
            onCreated={async (personId) => {
              if (await add(personId)) setCreating(false);
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        {found.data?.items.slice(0, 5).map((p) => (
          <Group key={p.id} justify="space-between" wrap="nowrap" data-testid="walk-in-result">
            {/* Namesakes told apart by birth date and the CCCD's last 4 digits (all the search returns). */}
            <div>
              <Text size="sm">{p.fullName}</Text>
              <Text size="xs" c="dimmed">
                {formatDate(p.birthDate, lang)} ·{' '}
                {p.cccdLast4 ? (
                  <span data-testid="walk-in-cccd">{t('site.day.walkInCccd', { last: p.cccdLast4 })}</span>
                ) : (
                  t('site.day.walkInNoCccd')
                )}
              </Text>
            </div>
            <Button
              size="xs"
              loading={adding.running?.personId === p.id}
              onClick={() => add(p.id)}
              data-testid="walk-in-add"
            >
              {t('site.day.walkInAdd')}
            </Button>
          </Group>
        ))}
        <ProblemAlert problem={adding.problem} />
      </Stack>
    </Paper>
  );
}
