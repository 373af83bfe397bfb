import {
  Alert,
  Button,
  Container,
  Group,
  Paper,
  PinInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client.ts';
import { LOOKUP_TOKEN_HEADER, type LookupResult } from '../../shared/schemas/certificate-lookup.ts';
import { ResendCode } from '../components/ResendCode.tsx';
import { currentLang } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { problemText, serverFieldError } from '../lib/forms.ts';
import { NoCertificate, Passport } from './citizen/PassportPanel.tsx';
import { PassportRevoked } from './citizen/PassportRevoked.tsx';

type Step =
  | { kind: 'details' }
  | { kind: 'code'; lookupId: string; resendIn: number }
  | { kind: 'result'; result: LookupResult };

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The public vaccine passport lookup, for people without an account: name, birth date and phone, then
 * the code sent by SMS to that phone, then the passport (QR, status card, full screen, PDF). Nothing is
 * kept on the device: a reload starts over.
 */
export function PassportLookupPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const [details, setDetails] = useState({ fullName: '', birthDate: '', phone: '' });
  const [step, setStep] = useState<Step>({ kind: 'details' });
  const [reissuing, setReissuing] = useState(false);
  const [reissueError, setReissueError] = useState<unknown>(null);
  const [reissued, setReissued] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Each step announces itself: focus moves to its heading (the code step focuses its input instead).
  useEffect(() => {
    if (step.kind !== 'code') heading.current?.focus();
  }, [step.kind]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const send = (event: React.FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const started = await api.certificateLookup.start({ body: details });
      setCode('');
      setStep({ kind: 'code', lookupId: started.lookupId, resendIn: started.resendInSeconds });
    });
  };
  const verify = (value: string) => {
    if (step.kind !== 'code') return;
    void run(async () => {
      try {
        setStep({
          kind: 'result',
          result: await api.certificateLookup.verify({
            params: { lookupId: step.lookupId },
            body: { code: value },
          }),
        });
      } catch (e) {
        setCode('');
        throw e;
      }
    });
  };
  const restart = () => {
    setError(null);
    setCode('');
    setReissueError(null);
    setReissued(false);
    setStep({ kind: 'details' });
  };
  const field = (name: string) => serverFieldError(error, name, lang);
  const fieldErrors = error instanceof ApiError && error.problem.code === 'validation_failed';
  const errorText = error && !fieldErrors ? problemText(error, lang) : null;
  const errorAlert = errorText ? (
    <Alert color="red" role="alert" data-testid="lookup-error">
      {errorText}
    </Alert>
  ) : null;

  if (step.kind === 'result') {
    const { certificate } = step.result;
    const result = step.result;
    const reissue = async () => {
      setReissuing(true);
      setReissueError(null);
      try {
        const fresh = await api.certificateLookup.reissue({
          headers: { [LOOKUP_TOKEN_HEADER]: result.token },
        });
        setStep({ kind: 'result', result: { ...result, certificate: fresh } });
        setReissued(true);
      } catch (e) {
        setReissueError(e);
      } finally {
        setReissuing(false);
      }
    };
    return (
      <Container size="lg" py="xl">
        <Stack>
          <Group justify="space-between" align="center">
            <Title order={1} fz="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
              {t('passport.lookup.resultTitle')}
            </Title>
            <Button variant="default" onClick={restart}>
              {t('passport.lookup.another')}
            </Button>
          </Group>
          {certificate?.state === 'revoked' ? (
            <PassportRevoked
              passport={certificate}
              onReissue={reissue}
              reissuing={reissuing}
              error={reissueError ? problemText(reissueError, lang) : null}
            />
          ) : certificate ? (
            <>
              <Passport
                certificate={certificate}
                pdf={{
                  download: async (size, pdfLang) => {
                    const file = await api.certificateLookup.pdf({
                      query: { size, lang: pdfLang },
                      headers: { [LOOKUP_TOKEN_HEADER]: step.result.token },
                    });
                    return new Blob([new Uint8Array(file.bytes)], { type: file.contentType });
                  },
                }}
                focusOnShow={reissued}
              />
              <Text size="sm" c="dimmed">
                {t('passport.lookup.tokenNote')}
              </Text>
            </>
          ) : (
            <NoCertificate />
          )}
        </Stack>
      </Container>
    );
  }

  return (
    <Container size="xs" py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} fz="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {t('passport.lookup.title')}
          </Title>
          {step.kind === 'details' ? (
            <>
              <Text c="dimmed" size="sm">
                {t('passport.lookup.lead')}
              </Text>
              {errorAlert}
              <form onSubmit={send}>
                <Stack>
                  <TextInput
                    label={t('passport.lookup.fullName')}
                    description={t('passport.lookup.fullNameHint')}
                    autoComplete="name"
                    value={details.fullName}
                    onChange={(e) => setDetails({ ...details, fullName: e.currentTarget.value })}
                    error={field('fullName')}
                    required
                    data-testid="lookup-name"
                  />
                  <TextInput
                    label={t('passport.lookup.birthDate')}
                    type="date"
                    max={today()}
                    autoComplete="bday"
                    value={details.birthDate}
                    onChange={(e) => setDetails({ ...details, birthDate: e.currentTarget.value })}
                    error={field('birthDate')}
                    required
                    data-testid="lookup-birth-date"
                  />
                  <TextInput
                    label={t('passport.lookup.phone')}
                    type="tel"
                    inputMode="tel"
                    autoComplete="tel"
                    value={details.phone}
                    onChange={(e) => setDetails({ ...details, phone: e.currentTarget.value })}
                    error={field('phone')}
                    required
                    data-testid="lookup-phone"
                  />
                  <Button type="submit" loading={busy} data-testid="lookup-send">
                    {t('passport.lookup.send')}
                  </Button>
                </Stack>
              </form>
            </>
          ) : (
            <Stack>
              <Text size="sm" data-testid="lookup-code-sent">
                {t('passport.lookup.codeSent', { phone: details.phone })}
              </Text>
              {errorAlert}
              <Text size="sm" fw={500} id="lookup-code-label">
                {t('passport.lookup.code')}
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                autoFocus
                value={code}
                onChange={setCode}
                onComplete={verify}
                aria-labelledby="lookup-code-label"
                data-testid="lookup-code"
              />
              <Button
                onClick={() => verify(code)}
                loading={busy}
                disabled={code.length !== 6}
                data-testid="lookup-verify"
              >
                {t('passport.lookup.verify')}
              </Button>
              <ResendCode
                waitSeconds={step.kind === 'code' ? step.resendIn : 60}
                onResend={async () => {
                  // A new lookup with the same details sends a new code (the lookup's own limits apply).
                  const started = await api.certificateLookup.start({ body: details });
                  setCode('');
                  setError(null);
                  setStep({ kind: 'code', lookupId: started.lookupId, resendIn: started.resendInSeconds });
                  return started.resendInSeconds;
                }}
              />
              <Button variant="subtle" onClick={restart}>
                {t('passport.lookup.again')}
              </Button>
            </Stack>
          )}
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconLock size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" c="dimmed">
              {t('passport.lookup.privacy')}
            </Text>
          </Group>
        </Stack>
      </Paper>
    </Container>
  );
}
