import { Button, Container, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Shown for client-side paths that do not exist. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Title order={1}>{t('errors.notFoundTitle')}</Title>
      <Text mt="sm">{t('errors.notFoundBody')}</Text>
      <Button component={Link} to="/" mt="lg">
        {t('errors.backHome')}
      </Button>
    </Container>
  );
}
