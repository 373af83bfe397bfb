import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { formatDate } from '../../../shared/format.ts';
import type { staffCertificateLookupSchema } from '../../../shared/schemas/certificates.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { currentLang } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { problemText } from '../../lib/forms.ts';

type Found = z.infer<typeof staffCertificateLookupSchema>;
const REASONS = ['issued_in_error', 'fraud', 'key_compromise', 'other'] as const;
type Reason = (typeof REASONS)[number];

/**
 * Certificates for managers: find one by the UVCI on its QR or paper (only within reach), revoke it with
 * a reason, and the revocations already published.
 */
export function CertificatesTab() {
  const { t } = useTranslation();
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [uvci, setUvci] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [reason, setReason] = useState<Reason>('issued_in_error');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const revocations = useQuery({ queryKey: ['revocations'], queryFn: () => api.certificates.revocations() });
  const reasonText = (r: string) => t(`manager.certificates.reasons.${r}`, { defaultValue: r });

  const find = async () => {
    setProblem(null);
    setDone(false);
    setFound(null);
    try {
      setFound(await api.certificates.byUvci({ params: { uvci: uvci.trim().toUpperCase() } }));
    } catch (error) {
      setProblem(problemText(error, lang));
    }
  };
  const revoke = async () => {
    if (!found || !window.confirm(t('manager.certificates.confirm'))) return;
    setProblem(null);
    try {
      await api.certificates.revoke({ body: { uvci: found.uvci, reason } });
      setFound(await api.certificates.byUvci({ params: { uvci: found.uvci } }));
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: ['revocations'] });
    } catch (error) {
      setProblem(problemText(error, lang));
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('manager.certificates.lead')}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('manager.certificates.uvci')}
            placeholder="URN:UVCI:01:VN:…"
            value={uvci}
            onChange={(e) => setUvci(e.currentTarget.value)}
            style={{ flex: '1 1 18rem' }}
            data-testid="uvci-input"
          />
          <Button type="submit" disabled={!uvci.trim()}>
            {t('manager.certificates.find')}
          </Button>
        </Group>
      </form>
      {problem ? (
        <Alert color="red" role="alert" data-testid="certificate-problem">
          {problem}
        </Alert>
      ) : null}
      {done ? (
        <Alert color="green" role="status">
          {t('manager.certificates.done')}
        </Alert>
      ) : null}
      {found ? (
        <Card withBorder data-testid="certificate-found">
          <Text size="xs" c="dimmed">
            {t('manager.certificates.holder')}
          </Text>
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}>
              {found.fullName} · {formatDate(found.birthDate, lang)}
            </Text>
            <Anchor component={Link} to={`/staff/people/${found.personId}`} size="sm">
              {t('manager.certificates.openPerson')}
            </Anchor>
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {found.uvci}
          </Text>
          <Text size="sm" c="dimmed">
            {t('manager.certificates.issued', { date: formatDate(found.issuedAt.slice(0, 10), lang) })}
          </Text>
          {found.revocation ? (
            <Alert color="gray" mt="sm">
              {t('manager.certificates.revoked', {
                reason: reasonText(found.revocation.reason),
                date: formatDate(found.revocation.revokedAt.slice(0, 10), lang),
              })}
            </Alert>
          ) : (
            <Group align="flex-end" mt="sm" wrap="wrap">
              <Select
                label={t('manager.certificates.reason')}
                data={REASONS.map((r) => ({ value: r, label: reasonText(r) }))}
                value={reason}
                onChange={(value) => value && setReason(value as Reason)}
                allowDeselect={false}
                style={{ flex: '1 1 18rem' }}
              />
              <Button color="red" onClick={revoke} data-testid="revoke">
                {t('manager.certificates.revoke')}
              </Button>
            </Group>
          )}
        </Card>
      ) : null}
      <Title order={2} fz="lg">
        {t('manager.certificates.listTitle')}
      </Title>
      <QueryState query={revocations}>
        {(data) =>
          data.items.length ? (
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="revocations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('manager.certificates.uvci')}</Table.Th>
                    <Table.Th>{t('manager.certificates.holder')}</Table.Th>
                    <Table.Th>{t('manager.certificates.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((r) => (
                    <Table.Tr key={r.uvci}>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.uvci}</Table.Td>
                      <Table.Td>{r.fullName ?? t('manager.certificates.notHere')}</Table.Td>
                      <Table.Td>
                        {reasonText(r.reason)}
                        <Text size="xs" c="dimmed">
                          {formatDate(r.revokedAt.slice(0, 10), lang)}
                          {r.revokedBy ? ` · ${t('manager.certificates.by', { name: r.revokedBy })}` : ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text size="sm" c="dimmed">
              {t('manager.certificates.none')}
            </Text>
          )
        }
      </QueryState>
    </Stack>
  );
}
