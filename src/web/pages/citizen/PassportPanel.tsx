import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCircleCheck, IconCircleDashed, IconClockHour4, IconMaximize } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api/client.ts';
import { fillPath } from '../../../shared/api/endpoint.ts';
import { issuerLabel } from '../../../shared/certificate/issuer-name.ts';
import { formatDate, vietnamDate } from '../../../shared/format.ts';
import type { Certificate } from '../../../shared/schemas/certificates.ts';
import type { Problem } from '../../../shared/schemas/problem.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';
import { PDF_LANGS, PDF_SIZES, PdfButton, type PdfSource } from './PassportPdfButton.tsx';
import { type Format, FullScreenQr, QrCodes, qrTextsOf } from './PassportQr.tsx';
import { PassportRevoked } from './PassportRevoked.tsx';

const COLOURS = { green: '#0b7a5a', yellow: '#b7791f', grey: '#5c636a' } as const;
const ICONS = { green: IconCircleCheck, yellow: IconClockHour4, grey: IconCircleDashed } as const;

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}

/** A certificate: status card, EU DCC / SMART Health Card QR, full screen, holder, doses, PDF downloads. */
export function Passport({
  certificate,
  pdf,
  focusOnShow = false,
}: {
  certificate: Certificate;
  pdf: PdfSource;
  /** Moves focus to the status heading when shown (a new certificate replaced the revoked notice). */
  focusOnShow?: boolean;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, [focusOnShow]);
  const lang = currentLang();
  const [format, setFormat] = useState<Format>('euDcc');
  const [pdfError, setPdfError] = useState<Problem | null>(null);
  const [fullScreen, { open, close }] = useDisclosure(false);
  const texts = qrTextsOf(certificate, format);
  const { status, holder } = certificate;
  const Icon = ICONS[status.colour];
  const alt = t('passport.qrAlt', { format: t(`passport.${format}`), name: holder.fullName });

  return (
    <Stack>
      <Card
        withBorder
        style={{ borderLeft: `8px solid ${COLOURS[status.colour]}` }}
        data-testid="passport-status"
        data-colour={status.colour}
      >
        <Group gap="sm" wrap="nowrap">
          <Icon size={32} color={COLOURS[status.colour]} aria-hidden />
          <Title order={2} fz="h3" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {t(`common.vaccination.state.${status.state}`)}
          </Title>
        </Group>
        <Text size="sm" c="dimmed" mt="xs">
          {t('passport.lead')}
        </Text>
      </Card>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Card withBorder>
          <Stack align="center" gap="sm">
            <SegmentedControl
              fullWidth
              w="100%"
              aria-label={t('passport.format')}
              value={format}
              onChange={(value) => setFormat(value as Format)}
              data={[
                { value: 'euDcc', label: t('passport.euDcc') },
                { value: 'shc', label: t('passport.shc') },
              ]}
              data-testid="passport-format"
            />
            <Box data-testid="passport-qr" data-format={format} data-chunks={texts.length} p={0}>
              <QrCodes format={format} texts={texts} alt={alt} />
            </Box>
            <Button
              leftSection={<IconMaximize size={16} aria-hidden />}
              onClick={open}
              fullWidth
              data-testid="passport-fullscreen"
            >
              {t('passport.fullScreen')}
            </Button>
          </Stack>
        </Card>

        <Card withBorder>
          <Stack gap="xs">
            <Fact label={t('passport.holder')} value={holder.fullName} testId="passport-holder" />
            <Fact
              label={t('passport.icaoName')}
              value={[holder.familyNameIcao, holder.givenNameIcao].filter(Boolean).join('<<')}
            />
            <Fact
              label={t('passport.birthDate')}
              value={formatDate(holder.birthDate, lang)}
              testId="passport-birth-date"
            />
            <SimpleGrid cols={2} spacing="xs">
              <Fact
                label={t('passport.issued')}
                value={formatDate(vietnamDate(new Date(certificate.issuedAt)), lang)}
              />
              <Fact
                label={t('passport.expires')}
                value={formatDate(vietnamDate(new Date(certificate.expiresAt)), lang)}
                testId="passport-expires"
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed" data-testid="passport-validity-rule">
              {certificate.status.validUntil
                ? t('passport.validityAfterDose')
                : t('passport.validityFromIssue')}
            </Text>
            <Fact label={t('passport.issuer')} value={issuerLabel(certificate.issuer, lang)} />
            <Fact label={t('passport.uvci')} value={certificate.uvci} testId="passport-uvci" />
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={3} fz="md" mb="xs">
          {t('passport.doses')}
        </Title>
        <Stack
          gap="xs"
          component="ol"
          data-testid="passport-doses"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {certificate.doses.map((d) => (
            <li key={`${d.doseNumber}-${d.date}`}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={600}>
                  {t('passport.dose')} {d.doseNumber} · {d.product}
                </Text>
                <Text size="sm">{formatDate(d.date, lang)}</Text>
              </Group>
              <Text size="xs" c="dimmed">
                {[d.manufacturer, d.country].filter(Boolean).join(' · ')}
              </Text>
            </li>
          ))}
        </Stack>
      </Card>

      <Card withBorder>
        <Title order={3} fz="md" mb="xs">
          {t('passport.download')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          {PDF_SIZES.flatMap((size) =>
            PDF_LANGS.map((pdfLang) => (
              <PdfButton
                key={`${size}-${pdfLang}`}
                source={pdf}
                size={size}
                pdfLang={pdfLang}
                onError={setPdfError}
              />
            )),
          )}
        </SimpleGrid>
        <ProblemAlert problem={pdfError} mt="xs" data-testid="passport-pdf-error" />
      </Card>

      <FullScreenQr
        opened={fullScreen}
        onClose={close}
        format={format}
        texts={texts}
        alt={alt}
        caption={
          <Text fw={700} fz="lg" ta="center" c="#000">
            {holder.fullName} · {formatDate(holder.birthDate, lang)}
          </Text>
        }
      />
    </Stack>
  );
}

/** The message shown instead of a passport to someone with no recorded dose yet. */
export function NoCertificate() {
  const { t } = useTranslation();
  return (
    <Alert
      color="gray"
      title={t('passport.noCertificateTitle')}
      icon={<IconCircleDashed aria-hidden />}
      data-testid="passport-none"
    >
      {t('passport.noCertificate')}
    </Alert>
  );
}

/** A member's vaccine passport: status card, EU DCC / SMART Health Card QR, full screen, PDF downloads. */
export function PassportPanel({ personId }: { personId: string }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['certificate', personId],
    queryFn: () => api.certificates.memberCertificate({ params: { personId } }),
    // No dose yet is an answer, not a failure: do not ask again.
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
  });
  const reissue = useMutation({
    mutationFn: () => api.certificates.reissue({ params: { personId } }),
    onSuccess: (certificate) => queryClient.setQueryData(['certificate', personId], certificate),
    // Refused (the record changed meanwhile, or not yet corrected): show the state as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: ['certificate', personId] }),
  });
  if (query.isError && query.error instanceof ApiError && query.error.problem.code === 'no_doses') {
    return <NoCertificate />;
  }
  // A link, so the browser downloads with the session cookie; the path is the contract's.
  const pdfBase = fillPath(api.certificates.pdf.endpoint.path, { personId });
  return (
    <QueryState query={query}>
      {(passport) =>
        passport.state === 'revoked' ? (
          <PassportRevoked
            passport={passport}
            onReissue={() => reissue.mutate()}
            reissuing={reissue.isPending}
            error={reissue.isError ? problemText(reissue.error, currentLang()) : null}
          />
        ) : (
          <Passport
            certificate={passport}
            pdf={{ href: (size, pdfLang) => `${pdfBase}?size=${size}&lang=${pdfLang}` }}
            focusOnShow={reissue.isSuccess}
          />
        )
      }
    </QueryState>
  );
}
