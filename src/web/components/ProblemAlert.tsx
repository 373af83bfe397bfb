import { Alert, type AlertProps, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../shared/schemas/problem.ts';
import { currentLang } from '../i18n/index.ts';
import { problemLines } from '../lib/forms.ts';

/**
 * A failed call's problem, in the user's language: its message, the field errors no input showed, and
 * the request id to quote to support. Renders nothing without a problem.
 */
export function ProblemAlert({
  problem,
  ...props
}: { problem: Problem | null | undefined } & Omit<AlertProps, 'children' | 'color'>) {
  const { t } = useTranslation();
  if (!problem) return null;
  const [first, ...rest] = problemLines(problem, currentLang());
  return (
    <Alert color="red" {...props}>
      {first}
      {rest.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
      {problem.requestId ? (
        <Text size="xs" c="dimmed" mt={4} data-testid="problem-request-id">
          {t('common.requestId', { id: problem.requestId })}
        </Text>
      ) : null}
    </Alert>
  );
}
