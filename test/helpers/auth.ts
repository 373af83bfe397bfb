import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, StaffRole } from '../../src/server/db/schema.ts';
import { createStaff } from '../../src/server/modules/accounts/staff.service.ts';
import { fileSms } from '../../src/server/modules/notifications/sms.ts';
import type { Me } from '../../src/shared/schemas/accounts.ts';
import { type TestApi, testApi } from './api.ts';

export const TEST_PASSWORD = 'correct horse battery';

/** Headers that make requests as a signed-in user: the session cookie and the CSRF token. */
export interface Session {
  headers: { cookie: string; 'x-csrf-token': string };
  /** A citizen session's phone (national form). */
  phone?: string;
}

/** A real `file:` SMS channel in a temp file, and readers for what it delivered. */
export function smsFile() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-sms-')), 'sms.jsonl');
  const messagesTo = (phone: string): { to: string; text: string; code: string | null }[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .filter((m) => m.to === phone)
      : [];
  const codesTo = (phone: string) => messagesTo(phone).flatMap((m) => (m.code ? [m.code] : []));
  return {
    file,
    sender: fileSms(file),
    messagesTo,
    /** How many codes a phone has received so far. */
    codeCount: (phone: string) => codesTo(phone).length,
    /**
     * A code sent to a phone (national form): the `nth` one (1-based), by default the latest. Delivery
     * happens after the HTTP answer, so this waits briefly for the line to appear.
     */
    async codeFor(phone: string, nth?: number): Promise<string> {
      for (let i = 0; i < 100; i++) {
        const codes = codesTo(phone);
        const hit = nth ? codes[nth - 1] : codes.at(-1);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no code was sent to ${phone}`);
    },
  };
}

/**
 * The typed client as a caller at another address (`remoteAddress` of `app.inject`), for the limits
 * and audit lines kept per client address; `headers` as in `testApi` (a session, an API key).
 */
export function addressApi(
  app: FastifyInstance,
  remoteAddress: string,
  as?: { headers: Record<string, string> },
  options: { lang?: 'vi' | 'en' } = {},
): TestApi {
  return testApi(app, as, { ...options, remoteAddress });
}

/** The session a successful sign-in answer opened: its cookie and CSRF token. */
export function sessionFrom(answer: { headers: Record<string, string>; body?: Me }): Session {
  const raw = answer.headers['set-cookie'] ?? '';
  return { headers: { cookie: raw.split(';')[0], 'x-csrf-token': answer.body?.csrfToken ?? '' } };
}

/** Signs a citizen in through the real OTP flow (code read from the file channel). */
export async function citizenSession(
  app: FastifyInstance,
  sms: ReturnType<typeof smsFile>,
  phone: string,
  ip = '127.0.0.1',
): Promise<Session> {
  const before = sms.codeCount(phone);
  const api = addressApi(app, ip);
  const requested = await api.auth.requestCode.raw({ body: { phone } });
  if (requested.status !== 202) throw new Error(`OTP request failed: ${JSON.stringify(requested.problem)}`);
  const code = await sms.codeFor(phone, before + 1);
  const verified = await api.auth.verifyCode.raw({ body: { phone, code } });
  if (verified.status !== 200) throw new Error(`OTP verify failed: ${JSON.stringify(verified.problem)}`);
  return { ...sessionFrom(verified), phone };
}

/** Creates a staff user and signs them in with their password. */
export async function staffSession(
  app: FastifyInstance,
  db: Kysely<DB>,
  username: string,
  role: StaffRole,
  where: { unit?: string; facility?: string } = {},
): Promise<Session & { id: string }> {
  const created = await createStaff(
    db,
    { username, displayName: `Test ${username}`, role, password: TEST_PASSWORD, ...where },
    { kind: 'system' },
  );
  const res = await addressApi(app, '127.0.0.1').auth.staffLogin.raw({
    body: { username, password: TEST_PASSWORD },
  });
  if (res.status !== 200) throw new Error(`staff login failed: ${JSON.stringify(res.problem)}`);
  return { ...sessionFrom(res), id: created.id };
}

let counter = 0;

/** Valid person fields with a CCCD consistent with birth date and sex; override what a test needs. */
export function personFields(overrides: Record<string, unknown> = {}) {
  counter++;
  const birthDate = (overrides.birthDate as string) ?? '1985-04-12';
  const sex = (overrides.sex as 'male' | 'female' | undefined) ?? 'male';
  const year = Number(birthDate.slice(0, 4));
  const centurySex = (Math.floor(year / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
  const cccd = `001${centurySex}${String(year % 100).padStart(2, '0')}${String(100000 + counter * 7919).slice(-6)}`;
  return { fullName: 'Nguyễn Văn An', birthDate, sex, cccd, unitId: '2025-00004', ...overrides };
}
