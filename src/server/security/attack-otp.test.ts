import { describe, expect, it } from 'vitest';
import { addressApi, smsFile } from '../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../test/helpers/test-app.ts';

/**
 * Attacks on the citizen sign-in code: guessing across many codes of one phone, many parallel requests
 * for one phone, and SMS pumping across many phones. The per-phone window allows 5 codes of 5 attempts;
 * without escalation an attacker could go on forever at 25 guesses per 15 minutes.
 */
describe.each(TEST_ENGINES)('attacks on the sign-in code (%s)', (engine) => {
  const sms = smsFile();
  let now = new Date('2026-11-22T08:00:00Z');
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => now });
  let ipSeq = 0;
  // A new address each time: the per-address limit is another defence, tested elsewhere.
  const auth = () => addressApi(ctx.app, `10.77.${ipSeq >> 8}.${ipSeq++ & 255}`).auth;
  const request = (phone: string) => auth().requestCode.raw({ body: { phone } });
  const verify = (phone: string, code: string) => auth().verifyCode.raw({ body: { phone, code } });
  const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

  it('three codes locked by wrong guesses lock the phone for a day: no new code, not even the right one', async () => {
    const phone = '0912340001';
    for (let round = 1; round <= 3; round++) {
      expect((await request(phone)).status).toBe(202);
      const code = await sms.codeFor(phone, round);
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push((await verify(phone, wrongFor(code))).status);
      expect(answers).toEqual([400, 400, 400, 400, 429]);
      now = new Date(now.getTime() + 60_000);
    }
    const refused = await request(phone);
    expect(refused.status).toBe(429);
    // The answer says how long: about a day, not the 15 minutes of a window.
    expect(refused.problem?.code).toBe('rate_limited');
    const seconds = Number(/try again in (\d+) seconds/.exec(refused.problem?.messages.en ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(23 * 3600);
    const budget = await ctx.app.db
      .selectFrom('otp_phone_budget')
      .select('locked_until')
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(new Date(budget.locked_until!).getTime() - now.getTime()).toBeGreaterThan(23 * 3600_000);
    // An hour later, still locked.
    now = new Date(now.getTime() + 3600_000);
    expect((await request(phone)).status).toBe(429);
    // A day later, a code again, and it signs in.
    now = new Date(now.getTime() + 24 * 3600_000);
    expect((await request(phone)).status).toBe(202);
    const code = await sms.codeFor(phone, 4);
    expect((await verify(phone, code)).status).toBe(200);
  });

  it('a locked-out phone refuses even a code that was sent before the lock', async () => {
    const phone = '0912340002';
    // Three windows used up in a day (five codes, then a sixth asked for and refused): the third
    // refusal locks the phone while the window's fifth code is still live.
    for (let window = 0; window < 3; window++) {
      for (let i = 0; i < 5; i++) expect((await request(phone)).status).toBe(202);
      expect((await request(phone)).status).toBe(429);
      if (window < 2) now = new Date(now.getTime() + 16 * 60_000);
    }
    const last = await sms.codeFor(phone, 15);
    // That code was never guessed at and has not expired, but the phone is locked: it is refused.
    expect((await verify(phone, last)).status).toBe(429);
    now = new Date(now.getTime() + 16 * 60_000);
  });

  it('windows used up three times in a day lock the phone too', async () => {
    const phone = '0912340003';
    for (let window = 0; window < 3; window++) {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push((await request(phone)).status);
      expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
      now = new Date(now.getTime() + 16 * 60_000);
    }
    // A fresh window, but three strikes: locked.
    expect((await request(phone)).status).toBe(429);
  });

  it('twenty parallel requests for one phone send five codes, not twenty', async () => {
    const phone = '0912340004';
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(phone)));
    const codes = answers.map((a) => a.status).sort();
    expect(codes.filter((c) => c === 202)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(15);
    const stored = await ctx.app.db
      .selectFrom('otp_challenge')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('phone', '=', phone)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(5);
  });

  it('wrong codes are audited without the phone number', async () => {
    const events = await ctx.app.db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('action', '=', 'account.login_failed')
      .execute();
    expect(events.length).toBeGreaterThan(10);
    const text = JSON.stringify(events);
    expect(text).toContain('"phoneEnd":"001"');
    expect(text).not.toContain('0912340001');
    expect(text).not.toContain('912340001');
  });
});

describe.each(TEST_ENGINES)('SMS pumping across many phones (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, security: { smsPerHour: 32 } });
  let ipSeq = 0;
  const request = (phone: string) =>
    addressApi(ctx.app, `10.78.${ipSeq >> 8}.${ipSeq++ & 255}`).auth.requestCode.raw({ body: { phone } });

  it('the instance-wide SMS budget stops pumping across many phones', async () => {
    const answers = [];
    for (let i = 0; i < 80; i++)
      answers.push((await request(`09123500${String(i).padStart(2, '0')}`)).status);
    const sent = answers.filter((c) => c === 202).length;
    // 32 an hour in all, split over 16 counters of 2: never more than 32, and the rest refused.
    expect(sent).toBeLessThanOrEqual(32);
    expect(sent).toBeGreaterThan(0);
    expect(answers.filter((c) => c === 429).length).toBe(80 - sent);
  });
});
