import type { FastifyInstance } from 'fastify';
import { testApi } from './api.ts';
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
  const api = testApi(app, session, { remoteAddress: ip });
  const target = (payload.phone as string | undefined) ?? session.phone;
  const before = target ? sms.codeCount(target) : 0;
  // The callers build the payload freely; the server is what checks it.
  const added = await api.households.addMember.raw({ body: payload as never });
  if (!added.ok || (!('person' in added.body) && !target))
    throw new Error(`member add failed: ${added.status} ${JSON.stringify(added.problem ?? added.body)}`);
  if ('person' in added.body) return added.body;
  const code = await sms.codeFor(target!, before + 1);
  const confirmed = await api.households.confirmLink.raw({ params: { id: added.body.id }, body: { code } });
  if (!confirmed.ok) throw new Error(`member confirm failed: ${JSON.stringify(confirmed.problem)}`);
  return confirmed.body;
}
