import {
  Anchor,
  Button,
  Card,
  Container,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconQrcode } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../shared/format.ts';
import { AREAS } from '../components/Layout.tsx';
import { currentLang } from '../i18n/index.ts';
import { useOverview } from '../lib/api.ts';

/** The landing page: what the product is, one door per kind of user, and what this instance holds. */
export function HomePage() {
  const { t } = useTranslation();
  const overview = useOverview();
  const lang = currentLang();
  const stats = overview.data
    ? [
        [overview.data.counts.people, t('home.statPeople')],
        [overview.data.counts.facilities, t('home.statFacilities')],
        [overview.data.counts.communes, t('home.statCommunes')],
        [overview.data.counts.provinces, t('home.statProvinces')],
        [overview.data.counts.vaccines, t('home.statVaccines')],
      ]
    : [];

  return (
    <>
      <div className="hero">
        <Container size="lg" py={{ base: 'xl', sm: 48 }}>
          <Title order={1} c="white" fz={{ base: 28, sm: 40 }} data-testid="home-title">
            {t('home.title')}
          </Title>
          <Text c="white" size="lg" mt="sm" maw={720} opacity={0.95}>
            {t('home.lead')}
          </Text>
        </Container>
      </div>
      <Container size="lg" py="xl">
        <Stack gap="xl">
          <section aria-labelledby="areas-title">
            <Title order={2} id="areas-title" mb="md">
              {t('home.areasTitle')}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
              {AREAS.map((area) => (
                <Card key={area.key} withBorder padding="lg" data-testid={`area-${area.key}`}>
                  <Stack gap="sm" h="100%" justify="space-between">
                    <div>
                      <ThemeIcon size={44} radius="md" variant="light" mb="sm">
                        <area.icon size={26} aria-hidden />
                      </ThemeIcon>
                      <Title order={3} fz="lg">
                        {t(`nav.${area.key}`)}
                      </Title>
                      <Text size="sm" c="dimmed" mt={4}>
                        {t(`home.areas.${area.key}`)}
                      </Text>
                    </div>
                    <Button
                      component={Link}
                      to={area.path}
                      variant="light"
                      rightSection={<IconArrowRight size={16} aria-hidden />}
                      aria-label={`${t('home.open')}: ${t(`nav.${area.key}`)}`}
                    >
                      {t('home.open')}
                    </Button>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
            <Group gap={6} mt="md" wrap="nowrap">
              <IconQrcode size={18} aria-hidden />
              <Anchor component={Link} to="/passport" data-testid="home-lookup-link">
                {t('passport.lookup.link')}
              </Anchor>
            </Group>
          </section>
          <section aria-labelledby="stats-title">
            <Title order={2} id="stats-title" mb="md">
              {t('home.statsTitle')}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
              {overview.isPending
                ? Array.from({ length: 5 }, (_, i) => <Skeleton key={String(i)} h={84} />)
                : stats.map(([value, label]) => (
                    <Card key={String(label)} withBorder padding="md">
                      <Text fz={26} fw={700} c="health.8" data-testid="stat-value">
                        {formatNumber(Number(value), lang)}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {label}
                      </Text>
                    </Card>
                  ))}
            </SimpleGrid>
          </section>
          <Group justify="center">
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Group>
        </Stack>
      </Container>
    </>
  );
}
