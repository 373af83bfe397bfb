import { Badge, Container, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleDashed } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The heading of an area page, with the capabilities still to come listed plainly. */
export function AreaIntro({
  area,
  children,
}: {
  area: 'citizen' | 'site' | 'manager' | 'verifier';
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const features = t(`area.${area}.features`, { returnObjects: true }) as string[];
  return (
    <Container size="lg" py="xl">
      <Stack gap="lg">
        <div>
          <Title order={1}>{t(`area.${area}.title`)}</Title>
          <Text size="lg" c="dimmed" mt="xs">
            {t(`area.${area}.lead`)}
          </Text>
        </div>
        {children}
        <Paper withBorder p="md">
          <Badge variant="light" color="gray" mb="sm">
            {t('area.comingTitle')}
          </Badge>
          <List
            spacing="xs"
            icon={
              <ThemeIcon size={20} radius="xl" variant="light" color="gray">
                <IconCircleDashed size={14} aria-hidden />
              </ThemeIcon>
            }
          >
            {features.map((feature) => (
              <List.Item key={feature}>{feature}</List.Item>
            ))}
          </List>
        </Paper>
      </Stack>
    </Container>
  );
}
