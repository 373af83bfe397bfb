import { Alert, Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDemoLogins } from '../lib/auth.ts';

/** On demo instances only: the demo sign-ins, so every screen can be tried. */
export function DemoAccounts({
  kind,
  onPick,
}: {
  kind: 'citizen' | 'staff';
  onPick?: (value: string) => void;
}) {
  const { t } = useTranslation();
  const logins = useDemoLogins();
  if (!logins.data?.demo) return null;
  return (
    <Alert color="yellow" variant="light" title={t('common.demoTitle')} data-testid="demo-accounts">
      {kind === 'citizen' ? (
        <>
          <Text size="sm">{t('citizen.login.demoPhones', { channel: logins.data.smsChannel })}</Text>
          {logins.data.citizens.map((c) => (
            <Code key={c.phone} mr="xs" style={{ cursor: 'pointer' }} onClick={() => onPick?.(c.phone)}>
              {c.phone}
            </Code>
          ))}
        </>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table fz="sm" verticalSpacing={2}>
            <Table.Tbody>
              {logins.data.staff.map((s) => (
                <Table.Tr key={s.username} style={{ cursor: 'pointer' }} onClick={() => onPick?.(s.username)}>
                  <Table.Td>
                    <Code>{s.username}</Code>
                  </Table.Td>
                  <Table.Td>{t(`common.roles.${s.role}`)}</Table.Td>
                  <Table.Td>{s.where}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm">
            {t('staff.login.password')}: <Code>{logins.data.staff[0]?.password}</Code>
          </Text>
        </Table.ScrollContainer>
      )}
    </Alert>
  );
}
