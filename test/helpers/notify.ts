import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema.ts';
import type { SmsMessage, SmsSender } from '../../src/server/modules/notifications/sms.ts';
import { citizenSession, personFields, type Session, type smsFile } from './auth.ts';
import { addHouseholdMember } from './household.ts';

/** A citizen signed in through the OTP flow, with themself as a household member. */
export async function citizenWithMember(
  app: FastifyInstance,
  db: Kysely<DB>,
  sms: ReturnType<typeof smsFile>,
  phone: string,
  fullName = 'Đỗ Thị Mai',
): Promise<{ session: Session; accountId: string; personId: string; phone: string }> {
  const session = await citizenSession(app, sms, phone);
  const added = await addHouseholdMember(app, sms, session, {
    relationship: 'self',
    ...personFields({ fullName, sex: 'female', birthDate: '1980-05-05' }),
  });
  const personId = added.person.id as string;
  const { account_id } = await db
    .selectFrom('household_member')
    .select('account_id')
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  return { session, accountId: account_id, personId, phone };
}

/**
 * An SMS channel over a real one that fails its first `failures` sends (and can be slowed down), and
 * counts what it delivered.
 */
export function flakySms(inner: SmsSender, failures = 0, delayMs = 0) {
  const delivered: SmsMessage[] = [];
  let left = failures;
  const sender: SmsSender = {
    channel: 'flaky',
    async send(message) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (left > 0) {
        left--;
        throw new Error(`gateway down for ${message.to}`);
      }
      await inner.send(message);
      delivered.push(message);
    },
  };
  return {
    sender,
    delivered,
    failAgain(n: number) {
      left = n;
    },
  };
}
