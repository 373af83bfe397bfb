import type { FastifyInstance } from 'fastify';
import type { Session, smsFile } from './auth.ts';

/**
 * Adds a household member as a citizen does: a member with a CCCD is a pending request until the code
 * sent by SMS is typed (for a CCCD not yet registered, the code goes to the member's phone or the
 * account's). Returns the 201 answer's JSON (the member), or throws with the answer that stopped it.
 */
export async function addHouseholdMember(
  app: FastifyInstance,
  sms: ReturnType<typeof smsFile>,
  session: Session,
  payload: Record<string, unknown>,
  ip = '127.0.0.1',
) {
  const target = (payload.phone as string | undefined) ?? session.phone;
  const before = target ? sms.codeCount(target) : 0;
  const added = await app.inject({
    method: 'POST',
    url: '/api/me/household/members',
    headers: session.headers,
    payload,
    remoteAddress: ip,
  });
  if (added.statusCode === 201) return added.json();
  if (added.statusCode !== 202 || !target)
    throw new Error(`member add failed: ${added.statusCode} ${added.body}`);
  const code = await sms.codeFor(target, before + 1);
  const confirmed = await app.inject({
    method: 'POST',
    url: `/api/me/household/link-requests/${added.json().id}/confirm`,
    headers: session.headers,
    payload: { code },
    remoteAddress: ip,
  });
  if (confirmed.statusCode !== 201) throw new Error(`member confirm failed: ${confirmed.body}`);
  return confirmed.json();
}
