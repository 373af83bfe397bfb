import { Alert, Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import QRCode, { type QRCodeSegment } from 'qrcode';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Certificate } from '../../../shared/schemas/certificates.ts';

/**
 * The passport's QR codes: the EU DCC, or the SMART Health Card as one code or, when too long for
 * one, its chunks `shc:/i/n/…` labelled "Part i of n" (the full screen steps through them).
 */

export type Format = 'euDcc' | 'shc';

/** The QR texts to show for a format: one EU DCC; the SHC's chunks (one when the card fits a code). */
export function qrTextsOf(certificate: Certificate, format: Format): string[] {
  if (format === 'euDcc') return [certificate.euDcc];
  return certificate.shcChunks?.length ? certificate.shcChunks : [certificate.shc];
}

/**
 * QR segments of a certificate text. An EU DCC (`HC1:` + base45) fits the alphanumeric mode; a SMART
 * Health Card is `shc:/` (with `i/n/` for a chunk) in byte mode followed by digits in numeric mode, as
 * its specification asks.
 */
function segmentsOf(format: Format, text: string): QRCodeSegment[] {
  const shc = format === 'shc' ? /^(shc:\/(?:\d+\/\d+\/)?)(\d+)$/.exec(text) : null;
  if (shc)
    return [
      { data: new TextEncoder().encode(shc[1]), mode: 'byte' },
      { data: shc[2], mode: 'numeric' },
    ];
  return [{ data: text, mode: 'alphanumeric' }];
}

/** A PNG data URL of the QR (quiet zone of 4 modules, 8 px per module); null while drawing or on failure. */
function useQrImage(format: Format, text: string) {
  const [image, setImage] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    let current = true;
    setImage({ url: null, failed: false });
    QRCode.toDataURL(segmentsOf(format, text), {
      // Q for the EU DCC (its guidelines), M for the longer SMART Health Card.
      errorCorrectionLevel: format === 'euDcc' ? 'Q' : 'M',
      margin: 4,
      scale: 8,
      color: { dark: '#000000', light: '#ffffff' },
    }).then(
      (url) => current && setImage({ url, failed: false }),
      () => current && setImage({ url: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [format, text]);
  return image;
}

/** One QR code drawn as an image (a loader while drawing, an alert if it cannot be drawn). */
export function QrImage({
  format,
  text,
  alt,
  size,
  testId,
}: {
  format: Format;
  text: string;
  alt: string;
  size: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const { url, failed } = useQrImage(format, text);
  if (failed) return <Alert color="red">{t('passport.qrFailed')}</Alert>;
  if (!url)
    return (
      <Center w={size} maw="100%" style={{ aspectRatio: '1' }}>
        <Loader aria-label="…" />
      </Center>
    );
  return (
    <img
      src={url}
      alt={alt}
      data-testid={testId}
      style={{
        display: 'block',
        width: size,
        maxWidth: '100%',
        height: 'auto',
        imageRendering: 'pixelated',
        background: '#fff',
      }}
    />
  );
}

/** The alt text and label of chunk `index` (0-based) of `count`; no label for a single code. */
function useChunkText(alt: string, index: number, count: number) {
  const { t } = useTranslation();
  const label = count > 1 ? t('passport.chunk', { index: index + 1, count }) : null;
  return { label, alt: label ? `${alt} (${label})` : alt };
}

function Chunk({
  format,
  text,
  alt,
  index,
  count,
  size,
  testId,
}: {
  format: Format;
  text: string;
  alt: string;
  index: number;
  count: number;
  size: string;
  testId: string;
}) {
  const chunk = useChunkText(alt, index, count);
  return (
    <Stack gap={4} align="center" data-testid="passport-qr-chunk" data-index={index + 1}>
      {chunk.label ? (
        <Text fw={700} data-testid="passport-qr-chunk-label">
          {chunk.label}
        </Text>
      ) : null}
      <QrImage format={format} text={text} alt={chunk.alt} size={size} testId={testId} />
    </Stack>
  );
}

/** The QR codes of a format, one under the other (each chunk labelled when there are several). */
export function QrCodes({ format, texts, alt }: { format: Format; texts: string[]; alt: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" align="center">
      {texts.length > 1 ? (
        <Text size="sm" ta="center" data-testid="passport-qr-chunks-hint">
          {t('passport.chunksHint', { count: texts.length })}
        </Text>
      ) : null}
      {texts.map((text, i) => (
        <Chunk
          key={text}
          format={format}
          text={text}
          alt={alt}
          index={i}
          count={texts.length}
          size="320px"
          testId={texts.length > 1 ? `passport-qr-image-${i + 1}` : 'passport-qr-image'}
        />
      ))}
    </Stack>
  );
}

/** The full-screen view: one QR code at a time, stepping through the chunks (buttons, ← and →). */
export function FullScreenQr({
  opened,
  onClose,
  format,
  texts,
  alt,
  caption,
}: {
  opened: boolean;
  onClose: () => void;
  format: Format;
  texts: string[];
  alt: string;
  caption: ReactNode;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const count = texts.length;
  const index = Math.min(step, count - 1);
  // The next opening starts at the first chunk again.
  const close = () => {
    setStep(0);
    onClose();
  };
  useEffect(() => {
    if (!opened || count < 2) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'ArrowRight') setStep((s) => Math.min(s + 1, count - 1));
      else if (event.key === 'ArrowLeft') setStep((s) => Math.max(s - 1, 0));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opened, count]);
  return (
    <Modal
      opened={opened}
      onClose={close}
      fullScreen
      title={t('passport.fullScreenTitle')}
      closeButtonProps={{ 'aria-label': t('passport.close') }}
      styles={{
        content: { background: '#fff', color: '#000' },
        header: { background: '#fff', color: '#000' },
      }}
    >
      <Stack align="center" gap="md" data-testid="passport-fullscreen-view">
        <div aria-live="polite">
          <Chunk
            key={texts[index]}
            format={format}
            text={texts[index]}
            alt={alt}
            index={index}
            count={count}
            size={count > 1 ? 'min(92vw, 70vh)' : 'min(92vw, 78vh)'}
            testId="passport-qr-large"
          />
        </div>
        {count > 1 ? (
          <Group justify="center" gap="sm">
            <Button
              variant="default"
              leftSection={<IconChevronLeft size={16} aria-hidden />}
              onClick={() => setStep(index - 1)}
              disabled={index === 0}
              data-testid="passport-chunk-previous"
            >
              {t('passport.previousChunk')}
            </Button>
            <Button
              rightSection={<IconChevronRight size={16} aria-hidden />}
              onClick={() => setStep(index + 1)}
              disabled={index === count - 1}
              data-testid="passport-chunk-next"
            >
              {t('passport.nextChunk')}
            </Button>
          </Group>
        ) : null}
        {caption}
        <Text size="sm" ta="center" c="#333">
          {t('passport.fullScreenHint')}
        </Text>
        <Button variant="default" onClick={close}>
          {t('passport.close')}
        </Button>
      </Stack>
    </Modal>
  );
}
