import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { staffSession } from '../../../../test/helpers/auth.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildApp } from '../../app.ts';

describe.each(TEST_ENGINES)('system routes (%s)', (engine) => {
  const ctx = useTestApp(engine);

  it('answers liveness and readiness', async () => {
    const api = testApi(ctx.app);
    const health = await api.system.health.raw();
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const ready = await api.system.readiness.raw();
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      engine,
      migrations: { pending: 0 },
      referenceDatasets: 4,
    });
  });

  it('gives public aggregate counts with no demo marker on a fresh database', async () => {
    const res = await testApi(ctx.app).system.overview();
    expect(res).toMatchObject({
      engine,
      demo: null,
      counts: { people: 0, facilities: 0, provinces: 34, communes: 3321, vaccines: 8 },
    });
  });

  it('publishes a valid OpenAPI 3 document that lists every route', async () => {
    const res = await ctx.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const validation = await new Validator().validate(doc);
    expect(validation.errors ?? [], JSON.stringify(validation.errors)).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(doc.info.title).toBe('sskdt API');
    const listed = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const expected = ctx.app.routeTable
      .filter((r) => r.documented)
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(listed.sort()).toEqual([...new Set(expected)].sort());
    // Every operation documents its responses.
    for (const ops of Object.values(doc.paths as Record<string, Record<string, { responses?: object }>>)) {
      for (const op of Object.values(ops)) expect(op.responses).toBeTruthy();
    }
  });

  it('serves the API docs page', async () => {
    const res = await ctx.app.inject('/docs/');
    expect([200, 302]).toContain(res.statusCode);
    const page = res.statusCode === 302 ? await ctx.app.inject(res.headers.location as string) : res;
    expect(page.body).toContain('swagger');
  });

  it('hides /metrics unless a token is set or it is made public; with the token, exposes the request histogram', async () => {
    expect((await testApi(ctx.app).system.metrics.raw()).status).toBe(404);
    const app = await buildApp({
      database: ctx.database,
      logLevel: 'silent',
      webDir: null,
      metricsToken: 'a-long-enough-metrics-token',
    });
    const open = await buildApp({
      database: ctx.database,
      logLevel: 'silent',
      webDir: null,
      metricsPublic: true,
    });
    try {
      expect((await testApi(open).system.metrics.raw()).status).toBe(200);
      expect((await testApi(app).system.metrics.raw()).status).toBe(404);
      expect(
        (
          await testApi(app, {
            headers: { authorization: 'Bearer wrong-token-of-any-length' },
          }).system.metrics.raw()
        ).status,
      ).toBe(404);
    } finally {
      await open.close();
    }
    await testApi(app).system.health();
    const res = await testApi(app, {
      headers: { authorization: 'Bearer a-long-enough-metrics-token' },
    }).system.metrics.raw();
    await app.close();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = new TextDecoder().decode(res.body?.bytes);
    expect(text).toContain('sskdt_http_request_duration_seconds_bucket');
    expect(text).toContain('route="/healthz"');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('times each API route on /metrics by method, route pattern (never the URL with its ids) and status', async () => {
    const app = await buildApp({
      database: ctx.database,
      logLevel: 'silent',
      webDir: null,
      metricsPublic: true,
      security: { totpRequiredRoles: [] },
    });
    try {
      const manager = await staffSession(app, ctx.database.db, 'metrics.manager', 'province_manager', {
        unit: '2025-01',
      });
      const stock = await testApi(app, manager).stock.levels.raw();
      expect(stock.status, JSON.stringify(stock)).toBe(200);
      const id = '7c0e8f5a-1b2c-4d3e-8f90-a1b2c3d4e5f6';
      await testApi(app, manager).admin.resetPassword.raw({ params: { id } });
      const metrics = await testApi(app).system.metrics();
      const body = new TextDecoder().decode(metrics.bytes);
      expect(body).toMatch(
        /sskdt_http_request_duration_seconds_count\{method="GET",route="\/api\/staff\/stock",status="200"\} 1\n/,
      );
      expect(body).toMatch(
        /sskdt_http_request_duration_seconds_sum\{method="GET",route="\/api\/staff\/stock"/,
      );
      expect(body).toContain('route="/api/admin/users/:id/reset-password",status="403"');
      expect(body).not.toContain(id);
    } finally {
      await app.close();
    }
  });

  it('answers an unknown API route with 404 problem+json, in Vietnamese by default and English on request', async () => {
    const vi = await ctx.app.inject('/api/nothing-here');
    expect(vi.statusCode).toBe(404);
    expect(vi.headers['content-type']).toContain('application/problem+json');
    expect(vi.json()).toMatchObject({
      code: 'route_not_found',
      status: 404,
      title: 'Không có địa chỉ API GET /api/nothing-here',
      messages: { en: 'There is no API route GET /api/nothing-here' },
    });
    const en = await ctx.app.inject({
      url: '/api/nothing-here',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().title).toBe('There is no API route GET /api/nothing-here');
    const post = await ctx.app.inject({ method: 'POST', url: '/api/units' });
    expect(post.statusCode).toBe(404);
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    // Every answer carries them, an error or a 404 too, with the CSP the web app is built for.
    const missing = await ctx.app.inject({ url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';" +
        "img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';" +
        "style-src 'self' 'unsafe-inline';connect-src 'self';worker-src 'self' blob:;media-src 'self' blob:",
    );
    expect(missing.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(missing.headers['cross-origin-embedder-policy']).toBeUndefined();
    const forged = await ctx.app.inject({
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n{"level":60}' },
    });
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never shows a stack trace: a failing handler gives a generic 500 problem', async () => {
    const app = await buildApp({ database: ctx.database, logLevel: 'silent', webDir: null });
    app.get('/api/test-failure', { config: { policy: 'public' } }, async () => {
      throw new Error('secret detail: connection to 10.0.0.5 failed');
    });
    const res = await app.inject('/api/test-failure');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({
      code: 'internal_error',
      title: 'Đã có lỗi trong hệ thống; vui lòng thử lại sau',
    });
    expect(res.body).not.toContain('secret detail');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    await app.close();
  });

  it('rate-limits a route that opts in, with a 429 problem that says when to retry', async () => {
    const app = await buildApp({ database: ctx.database, logLevel: 'silent', webDir: null });
    app.get(
      '/api/test-limited',
      { config: { policy: 'public', rateLimit: { max: 3, timeWindow: 60_000 } } },
      async () => ({ ok: true }),
    );
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject('/api/test-limited')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const limited = await app.inject({ url: '/api/test-limited', headers: { 'accept-language': 'en' } });
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBeTruthy();
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(limited.json().title).toMatch(/^Too many requests; please try again in \d+ seconds$/);
    const other = await app.inject({ url: '/api/test-limited', remoteAddress: '10.1.2.3' });
    expect(other.statusCode).toBe(200);
    await app.close();
  });

  it('refuses to start with an API route that declares no policy', async () => {
    const app = await buildApp({ database: ctx.database, logLevel: 'silent', webDir: null });
    expect(() => app.get('/api/unguarded', async () => 'x')).toThrow(/must declare config.policy/);
    await app.close();
  });
});

describe('web app serving', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><title>sskdt test</title><div id="root"></div>',
  );
  fs.writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  const ctx = useTestApp('pglite', { webDir: dir });

  it('serves index.html for client-side routes and hashed assets with a long cache', async () => {
    for (const url of ['/', '/citizen', '/manager/units/2025-01']) {
      const res = await ctx.app.inject(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('sskdt test');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = await ctx.app.inject('/assets/app-abc123.js');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('does not answer a missing file or API route with the page', async () => {
    expect((await ctx.app.inject('/assets/gone-000.js')).statusCode).toBe(404);
    const api = await ctx.app.inject('/api/missing');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });
});

describe('request logging', () => {
  it('logs the path and the names of query parameters, never their values', async () => {
    const { logUrl } = await import('../../plugins/logging.ts');
    expect(
      logUrl({ id: '1', method: 'GET', url: '/api/staff/people?q=nguyen%20van%20a&birthDate=1960-01-01' }),
    ).toEqual({
      id: '1',
      method: 'GET',
      url: '/api/staff/people',
      query: ['q', 'birthDate'],
    });
    expect(logUrl({ id: '2', method: 'GET', url: '/api/lookup/0912345678' }).url).toBe(
      '/api/lookup/********78',
    );
  });
});
