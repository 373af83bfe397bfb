import { Alert, Button, FileInput, Group, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { IconCamera, IconClipboardText, IconPhoto } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parsePasted } from './rules.ts';
import {
  type CameraScan,
  ImageUnreadableError,
  qrFromImageFile,
  shcChunkPosition,
  startCameraScan,
} from './scan.ts';

/** The three ways in: camera scan, pasted text, an uploaded photo or screenshot. */
export function InputPanel({ onQr }: { onQr: (qr: string | string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Tabs defaultValue="camera" keepMounted={false}>
      <Tabs.List aria-label={t('verifier.input.label')} grow>
        <Tabs.Tab value="camera" leftSection={<IconCamera size={16} aria-hidden />}>
          {t('verifier.input.camera')}
        </Tabs.Tab>
        <Tabs.Tab value="paste" leftSection={<IconClipboardText size={16} aria-hidden />}>
          {t('verifier.input.paste')}
        </Tabs.Tab>
        <Tabs.Tab value="photo" leftSection={<IconPhoto size={16} aria-hidden />}>
          {t('verifier.input.photo')}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="camera" pt="md">
        <CameraInput onQr={onQr} />
      </Tabs.Panel>
      <Tabs.Panel value="paste" pt="md">
        <PasteInput onQr={onQr} />
      </Tabs.Panel>
      <Tabs.Panel value="photo" pt="md">
        <PhotoInput onQr={onQr} />
      </Tabs.Panel>
    </Tabs>
  );
}

function PasteInput({ onQr }: { onQr: (qr: string | string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onQr(parsePasted(text));
      }}
    >
      <Stack gap="sm">
        <Textarea
          label={t('verifier.input.pasteLabel')}
          description={t('verifier.input.pasteHint')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={10}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          data-testid="qr-text"
          styles={{ input: { fontFamily: 'monospace', wordBreak: 'break-all' } }}
        />
        <Group>
          <Button type="submit" disabled={!text.trim()} data-testid="verify-text">
            {t('verifier.input.verify')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PhotoInput({ onQr }: { onQr: (qr: string | string[]) => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap="sm">
      <FileInput
        label={t('verifier.input.photoLabel')}
        description={t('verifier.input.photoHint')}
        accept="image/png,image/jpeg,image/webp"
        clearable
        disabled={busy}
        data-testid="qr-photo"
        onChange={async (file) => {
          setProblem(undefined);
          if (!file) return;
          setBusy(true);
          try {
            const text = await qrFromImageFile(file);
            if (text) onQr(text);
            else setProblem(t('verifier.input.photoNoQr'));
          } catch (error) {
            setProblem(
              error instanceof ImageUnreadableError ? t('verifier.input.photoUnreadable') : String(error),
            );
          } finally {
            setBusy(false);
          }
        }}
      />
      {problem ? (
        <Alert color="red" data-testid="photo-problem">
          {problem}
        </Alert>
      ) : null}
    </Stack>
  );
}

function CameraInput({ onQr }: { onQr: (qr: string | string[]) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const scan = useRef<CameraScan | undefined>(undefined);
  const chunks = useRef(new Map<number, string>());
  const [engine, setEngine] = useState<string>();
  const [problem, setProblem] = useState(false);
  const [progress, setProgress] = useState<{ have: number; total: number }>();

  const stop = () => {
    scan.current?.stop();
    scan.current = undefined;
    setEngine(undefined);
  };
  // The camera goes off when the panel unmounts (another tab, another page).
  useEffect(() => () => scan.current?.stop(), []);

  const onText = (text: string) => {
    const position = shcChunkPosition(text);
    if (position && position.total > 1) {
      chunks.current.set(position.index, text.trim());
      setProgress({ have: chunks.current.size, total: position.total });
      if (chunks.current.size < position.total) return;
      const all = [...chunks.current.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
      chunks.current.clear();
      setProgress(undefined);
      stop();
      onQr(all);
      return;
    }
    stop();
    onQr(text.trim());
  };

  const start = async () => {
    setProblem(false);
    if (!video.current) return;
    try {
      scan.current = await startCameraScan(video.current, onText);
      setEngine(scan.current.engine);
    } catch {
      setProblem(true);
    }
  };

  return (
    <Stack gap="sm">
      <Group>
        {engine ? (
          <Button variant="default" onClick={stop} data-testid="camera-stop">
            {t('verifier.input.stopCamera')}
          </Button>
        ) : (
          <Button
            leftSection={<IconCamera size={16} aria-hidden />}
            onClick={start}
            data-testid="camera-start"
          >
            {t('verifier.input.startCamera')}
          </Button>
        )}
        {engine ? (
          <Text size="sm" c="dimmed">
            {t('verifier.input.cameraEngine', { engine })}
          </Text>
        ) : null}
      </Group>
      {/* biome-ignore lint/a11y/useMediaCaption: a live camera preview has no audio or speech */}
      <video
        ref={video}
        hidden={!engine}
        style={{ width: '100%', maxWidth: 480, borderRadius: 8, background: '#000' }}
        aria-label={t('verifier.input.cameraScanning')}
      />
      {engine ? <Text size="sm">{t('verifier.input.cameraScanning')}</Text> : null}
      {progress ? <Text size="sm">{t('verifier.input.chunksWaiting', progress)}</Text> : null}
      {problem ? <Alert color="red">{t('verifier.input.cameraUnavailable')}</Alert> : null}
    </Stack>
  );
}
