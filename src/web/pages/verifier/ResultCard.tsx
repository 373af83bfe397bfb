import { Badge, Button, Collapse, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECK_NAMES, type CheckState, type VerificationResult } from '../../../shared/certificate/result.ts';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { doseText, skipReasonKey } from './result-text.ts';
import type { RuleOutcome, Verdict } from './rules.ts';

export interface Checked {
  result: VerificationResult;
  outcomes: RuleOutcome[];
  verdict: Verdict;
  at: Date;
}

const STYLE: Record<Verdict, { bg: string; fg: string; icon: typeof IconCircleCheck }> = {
  valid: { bg: 'var(--mantine-color-green-8)', fg: 'white', icon: IconCircleCheck },
  rules: { bg: 'var(--mantine-color-yellow-4)', fg: 'var(--mantine-color-dark-9)', icon: IconAlertTriangle },
  invalid: { bg: 'var(--mantine-color-red-8)', fg: 'white', icon: IconCircleX },
};
const STATE_COLOR: Record<CheckState, string> = { pass: 'green', fail: 'red', skip: 'gray' };

/** The large green / amber / red answer, the minimum data, and every check on demand. */
export function ResultCard({ checked }: { checked: Checked }) {
  const { t, i18n } = useTranslation();
  const [details, setDetails] = useState(false);
  const { result, outcomes, verdict, at } = checked;
  const style = STYLE[verdict];
  const Icon = style.icon;
  const holder = result.holder;
  const doses = [...result.vaccinations].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const last = doses[doses.length - 1];
  const failedRules = outcomes.filter((o) => !o.ok);
  const errorText = (code: string) => t(`verifier.errors.${code}`, { defaultValue: code });
  // dd/mm/yyyy in Vietnamese; a date the certificate wrote in another shape is shown as written.
  const date = (iso?: string) =>
    iso && /^\d{4}-\d{2}-\d{2}/.test(iso)
      ? formatDate(iso, i18n.language === 'en' ? 'en' : 'vi')
      : (iso ?? '—');

  return (
    <Stack gap="sm" data-testid="verifier-result" data-verdict={verdict} aria-live="polite">
      <Paper p="lg" radius="md" style={{ background: style.bg, color: style.fg }}>
        <Group gap="md" wrap="nowrap" align="center">
          <Icon size={56} aria-hidden style={{ flexShrink: 0 }} />
          <div>
            <Title order={2} data-testid="verdict-title" style={{ fontSize: 'clamp(1.6rem, 7vw, 2.4rem)' }}>
              {t(`verifier.result.${verdict}`)}
            </Title>
            <Text fw={500}>{t(`verifier.result.${verdict}Lead`)}</Text>
          </div>
        </Group>
        {verdict === 'invalid' && result.errors.length > 0 ? (
          <List mt="sm" data-testid="verdict-reasons">
            {result.errors.map((e) => (
              <List.Item key={e.code}>{errorText(e.code)}</List.Item>
            ))}
          </List>
        ) : null}
        {verdict === 'rules' ? (
          <List mt="sm" data-testid="verdict-reasons">
            {failedRules.map((o) => (
              <List.Item key={o.rule}>
                {t(`verifier.rules.failed.${o.rule}`, { days: o.days, limit: o.limit })}
              </List.Item>
            ))}
          </List>
        ) : null}
      </Paper>

      <Paper withBorder p="md">
        {holder ? (
          <Stack gap={6} data-testid="holder">
            <Badge variant="light">{t(`verifier.result.format.${result.format ?? 'none'}`)}</Badge>
            <Field label={t('verifier.result.name')}>
              <span data-testid="holder-name">
                {[holder.familyName, holder.givenName].filter(Boolean).join(' ') ||
                  [holder.familyNameStandard, holder.givenNameStandard].filter(Boolean).join(' ')}
              </span>
            </Field>
            <Field label={t('verifier.result.birthDate')}>{date(holder.birthDate)}</Field>
            {last ? (
              <Field label={t('verifier.result.vaccination')}>
                <span data-testid="vaccination-summary">
                  {doseText(t, last)}
                  {' · '}
                  {last.productName ?? last.product ?? last.vaccine ?? '—'}
                  {' · '}
                  {t('verifier.result.lastDate')}: {date(last.date)}
                </span>
              </Field>
            ) : null}
          </Stack>
        ) : (
          <Text c="dimmed">{t('verifier.result.noData')}</Text>
        )}
        <Text size="sm" c="dimmed" mt="xs">
          {t('verifier.result.checkedAt', { time: formatDateTime(at, i18n.language === 'en' ? 'en' : 'vi') })}
        </Text>
      </Paper>

      <Group>
        <Button
          variant="default"
          onClick={() => setDetails((d) => !d)}
          aria-expanded={details}
          data-testid="details-toggle"
        >
          {details ? t('verifier.result.hideDetails') : t('verifier.result.details')}
        </Button>
      </Group>
      <Collapse expanded={details}>
        <Table.ScrollContainer minWidth={300}>
          <Table data-testid="checks-table" verticalSpacing="xs">
            <Table.Tbody>
              {CHECK_NAMES.map((name) => {
                const state = result.checks[name];
                return (
                  <Table.Tr key={name} data-testid={`check-${name}`} data-state={state}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {t(`verifier.checks.${name}`)}
                      </Text>
                      {state === 'fail' ? (
                        <Text size="sm" c="red.8">
                          {result.errors.map((e) => errorText(e.code)).join(' ')}
                        </Text>
                      ) : null}
                      {state === 'skip' ? (
                        <Text size="xs" c="dimmed">
                          {t(skipReasonKey(result, name))}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td
                      style={{ textAlign: 'right', verticalAlign: 'top', width: '1%', whiteSpace: 'nowrap' }}
                    >
                      <Badge color={STATE_COLOR[state]} variant={state === 'skip' ? 'light' : 'filled'}>
                        {t(`verifier.result.state.${state}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Collapse>
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="wrap" align="baseline">
      <Text size="sm" c="dimmed" miw={110}>
        {label}
      </Text>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}
