import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { type Session, smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { keySealer } from '../../key-seal.ts';
import { runOnce } from './notification-runner.ts';
import { enqueue } from './outbox.service.ts';
import { saveSubscription, webPushSender } from './push.ts';
import { DEFAULT_PUSH_HOSTS, parsePushHosts } from './push-endpoint.ts';

/** http_ece (web-push's own encryption library) decrypts what a browser would. It ships no types. */
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: string; privateKey: unknown; authSecret: string }): Buffer;
};

const T0 = new Date('2021-09-02T03:00:00Z');
const SUBJECT = 'mailto:ops@example.org';
const SECRET = 'push-test-key-secret-0123456789';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A browser's subscription keys: a P-256 key pair and a 16-byte auth secret. */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    ecdh,
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
}

/** Checks a VAPID JWT (ES256) against the raw public key it came with. */
function verifyJwt(token: string, rawKey: Buffer) {
  const [header, payload, signature] = token.split('.');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: rawKey.subarray(1, 33).toString('base64url'),
      y: rawKey.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  return { ok, claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) };
}

describe.each(TEST_ENGINES)('Web Push (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => T0, keySecret: SECRET });
  let citizen: Awaited<ReturnType<typeof citizenWithMember>>;
  let server: http.Server;
  let origin: string;
  const received: Received[] = [];
  let answer = 201;

  beforeAll(async () => {
    citizen = await citizenWithMember(ctx.app, ctx.database.db, sms, '0912700101', 'Vũ Văn Bình');
    // Stands in for the browser vendor's push service.
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('the VAPID public key is generated once, stored in the database and served to everyone', async () => {
    const anyone = testApi(ctx.app);
    const first = await anyone.push.publicKey.raw();
    expect(first.status).toBe(200);
    const key = Buffer.from(first.body?.publicKey ?? '', 'base64url');
    expect(key).toHaveLength(65);
    expect(key[0]).toBe(4); // an uncompressed P-256 point
    const second = await anyone.push.publicKey();
    expect(second.publicKey).toBe(first.body?.publicKey);
    const stored = await ctx.database.db
      .selectFrom('instance_setting')
      .select('value')
      .where('key', '=', 'push.vapid')
      .executeTakeFirstOrThrow();
    expect(stored.value).toMatchObject({ publicKey: first.body?.publicKey });
    // The private key is sealed with the key secret, never stored in clear.
    expect(stored.value).not.toHaveProperty('privateKey');
    expect(stored.value).toHaveProperty('sealedPrivateKey', expect.stringMatching(/^v1\./));
  });

  it('subscriptions: validated, one row per endpoint, deleted on request, citizens only', async () => {
    const { p256dh, auth } = browserKeys();
    const good = {
      endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
      expirationTime: null,
      keys: { p256dh, auth },
    };
    const post = (body: typeof good, as: Session | null = citizen.session) =>
      testApi(ctx.app, as ?? undefined).push.subscribe.raw({ body });

    expect((await post(good, null)).status).toBe(401);
    const insecure = await post({ ...good, endpoint: 'http://10.0.0.1/internal' });
    expect(insecure.status).toBe(400);
    expect(insecure.problem?.errors?.[0]?.field).toBe('endpoint');
    const shortKey = await post({ ...good, keys: { p256dh: p256dh.slice(0, 40), auth } });
    expect(shortKey.status).toBe(400);
    expect(shortKey.problem?.errors?.[0]?.field).toBe('keys.p256dh');
    const badAuth = await post({ ...good, keys: { p256dh, auth: 'not base64!' } });
    expect(badAuth.problem?.errors?.[0]?.field).toBe('keys.auth');

    const saved = await post(good);
    expect(saved.status, JSON.stringify(saved.problem)).toBe(201);
    expect((await post(good)).body?.id).toBe(saved.body?.id);
    const count = () =>
      ctx.database.db
        .selectFrom('push_subscription')
        .select('id')
        .where('endpoint', '=', good.endpoint)
        .execute();
    expect(await count()).toHaveLength(1);
    const removed = await testApi(ctx.app, citizen.session).push.unsubscribe.raw({
      body: { endpoint: good.endpoint },
    });
    expect(removed.status).toBe(204);
    expect(await count()).toHaveLength(0);
  });

  it('delivers an encrypted payload with VAPID to the push service; 410 removes the subscription', async () => {
    const db = ctx.database.db;
    const browser = browserKeys();
    const endpoint = `${origin}/push/device-1`;
    // Saved through the service: the route only accepts https endpoints, as real push services are.
    await saveSubscription(
      db,
      citizen.accountId,
      { endpoint, p256dh: browser.p256dh, auth: browser.auth },
      T0,
    );
    await enqueue(db, {
      key: `push-test:${engine}:1`,
      accountId: citizen.accountId,
      personId: citizen.personId,
      kind: 'appointment.scheduled',
      params: {
        registrationId: crypto.randomUUID(),
        sessionId: crypto.randomUUID(),
        facility: 'Trạm Y tế Ba Đình',
        date: '2021-09-05',
        slot: '08:00-09:00',
      },
      now: T0,
    });
    // The local stand-in is allowed by configuration (an origin entry), as an operator would list one.
    const push = webPushSender(db, {
      subject: SUBJECT,
      sealer: keySealer(SECRET, 'push-vapid'),
      hosts: parsePushHosts([...DEFAULT_PUSH_HOSTS, origin]),
    });
    const channels = { sms: sms.sender, push };
    // An appointment whose registration is not scheduled no longer applies (skipped); a certificate does.
    await enqueue(db, {
      key: `push-test:${engine}:2`,
      accountId: citizen.accountId,
      personId: citizen.personId,
      kind: 'certificate.ready',
      params: {},
      now: T0,
    });
    const pass = await runOnce(db, channels, T0, { plan: false });
    expect(pass).toMatchObject({ claimed: 4, sent: 2, skipped: 2 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.url).toBe('/push/device-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe(String(3 * 86_400));
    expect(request.headers.urgency).toBe('normal');
    const vapid = /^vapid t=([^,]+), k=(.+)$/.exec(String(request.headers.authorization));
    expect(vapid).not.toBeNull();
    const { publicKey } = await testApi(ctx.app).push.publicKey();
    expect(vapid![2]).toBe(publicKey);
    const jwt = verifyJwt(vapid![1], Buffer.from(publicKey, 'base64url'));
    expect(jwt.ok).toBe(true);
    expect(jwt.claims).toMatchObject({ aud: origin, sub: SUBJECT });
    expect(jwt.claims.exp * 1000).toBeGreaterThan(Date.now());

    const payload = JSON.parse(
      ece
        .decrypt(request.body, { version: 'aes128gcm', privateKey: browser.ecdh, authSecret: browser.auth })
        .toString(),
    );
    expect(payload).toEqual({
      title: 'Chứng nhận tiêm chủng đã sẵn sàng',
      body: 'Chứng nhận tiêm chủng đã sẵn sàng: mở hồ sơ để xem mã QR.',
      url: `/citizen/members/${citizen.personId}`,
    });
    // A lock-screen text names nobody.
    expect(JSON.stringify(payload)).not.toContain('Bình');

    // The browser unsubscribed behind our back: the push service answers 410 Gone.
    answer = 410;
    await enqueue(db, {
      key: `push-test:${engine}:3`,
      accountId: citizen.accountId,
      personId: citizen.personId,
      kind: 'certificate.ready',
      params: {},
      now: T0,
    });
    expect(await runOnce(db, channels, T0, { plan: false })).toMatchObject({
      claimed: 2,
      sent: 1,
      skipped: 1,
    });
    expect(received).toHaveLength(2);
    const rows = await db
      .selectFrom('notification_outbox')
      .select(['channel', 'state', 'last_error', 'push_subscription_id'])
      .where('dedupe_key', 'like', `push-test:${engine}:3:push:%`)
      .execute();
    expect(rows).toEqual([
      {
        channel: 'push',
        state: 'skipped',
        last_error: 'subscription gone (404/410)',
        push_subscription_id: null,
      },
    ]);
    expect(
      await db.selectFrom('push_subscription').select('id').where('endpoint', '=', endpoint).execute(),
    ).toEqual([]);
  });
});
