import { Badge, Button, Container, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconLogin } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The heading of an area page, with what the area offers once signed in listed plainly. */
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
        {area === 'site' || area === 'manager' ? (
          <Group>
            <Button
              component={Link}
              to="/staff"
              leftSection={<IconLogin size={16} aria-hidden />}
              data-testid="staff-link"
            >
              {t('staff.login.link')}
            </Button>
          </Group>
        ) : null}
        {children}
        <Paper withBorder p="md">
          <Badge variant="light" color="health" mb="sm">
            {t('area.availableTitle')}
          </Badge>
          <List
            spacing="xs"
            icon={
              <ThemeIcon size={20} radius="xl" variant="light" color="health">
                <IconCircleCheck size={14} aria-hidden />
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
