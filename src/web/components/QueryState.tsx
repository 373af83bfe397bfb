import { Alert, Button, Center, Loader } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client.ts';
import { currentLang } from '../i18n/index.ts';

/** Shows a loader, an error with a retry button, or the data. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label="…" />
      </Center>
    );
  }
  if (query.isError) {
    const detail = query.error instanceof ApiError ? query.error.messageIn(currentLang()) : undefined;
    return (
      <Alert color="red" title={t('errors.loadFailed')} role="alert">
        {detail}
        <Button variant="light" color="red" size="xs" mt="sm" onClick={() => query.refetch()} display="block">
          {t('errors.retry')}
        </Button>
      </Alert>
    );
  }
  return <>{children(query.data)}</>;
}
