import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { runSskdt } from '../../../../test/helpers/processes.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import { JWKS_PATH, PUBLISHED_LISTS, shcCrlPaths } from '../../../shared/certificate/published-lists.ts';
import { TrustStore } from '../../../shared/certificate/trust-store.ts';
import { verifyQr } from '../../../shared/certificate/verify.ts';
import { keySealer } from './key-seal.ts';
import { initKeys } from './keys.service.ts';

/**
 * Revocation reaches both formats in every verifier: a certificate issued here (EU DCC + SMART Health
 * Card), then revoked by a manager; a verifier that fetches the published lists over HTTP (the fixed
 * lists, then the CRL of every SHC key the JWKS announces) finds both QR codes revoked, and both valid
 * with the revocation step passed before. The CLI with the same lists refuses both.
 */

const SECRET = 'revocation-lists-test-secret-0123456789';
const NOW = new Date('2021-10-15T03:00:00Z');
const AT = new Date('2021-10-20T00:00:00Z');

describe.each(TEST_ENGINES)('published revocation lists (%s)', (engine) => {
  const sms = smsFile();
  const ctx = useTestApp(engine, { sms: sms.sender, clock: () => NOW, certificates: { keySecret: SECRET } });
  let world: World;
  let base: string;
  let tmp: string;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-revocation-lists-'));
    world = await buildWorld(ctx.app, db(), 'rvl');
    await initKeys(db(), keySealer(SECRET), { now: NOW, csca: 'online' });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** What a verifier downloads when it updates its lists: path → text. */
  async function publishedLists() {
    const get = async (p: string) => {
      const res = await fetch(`${base}${p}`);
      expect(res.status, p).toBe(200);
      return res.text();
    };
    const lists = new Map<string, string>();
    for (const p of PUBLISHED_LISTS) lists.set(p, await get(p));
    for (const p of shcCrlPaths(lists.get(JWKS_PATH)!)) lists.set(p, await get(p));
    return lists;
  }

  async function verifyBoth(cert: { euDcc: string; shc: string }, lists: Map<string, string>) {
    const trust = await TrustStore.load([...lists.values()], nodePlatform);
    const options = { trust, at: AT, platform: nodePlatform };
    return { dcc: await verifyQr(cert.euDcc, options), shc: await verifyQr(cert.shc, options) };
  }

  it('a revoked certificate is revoked in both formats, from the lists fetched over HTTP and in the CLI', async () => {
    const citizen = await citizenWithMember(ctx.app, db(), sms, '0912800501', 'Lê Văn Cường');
    const headers = world.staff.admin.headers;
    const lot = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/staff/lots',
        headers,
        payload: { vaccineCode: 'PFIZER', lotNumber: 'RVL01', expiresOn: '2022-12-31' },
      })
    ).json().id;
    await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/stock/movements',
      headers,
      payload: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 10 },
    });
    for (const givenAt of ['2021-08-01T02:00:00Z', '2021-09-01T02:00:00Z']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/staff/doses',
        headers: world.staff.siteBaDinh.headers,
        payload: { id: randomUUID(), personId: citizen.personId, vaccineCode: 'PFIZER', lotId: lot, givenAt },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const issued = await ctx.app.inject({
      method: 'GET',
      url: `/api/me/household/members/${citizen.personId}/certificate`,
      headers: citizen.session.headers,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const cert = issued.json();

    // Before: the JWKS announces each SHC key's CRL; both formats valid, the revocation step run.
    const before = await publishedLists();
    const crlPaths = shcCrlPaths(before.get(JWKS_PATH)!);
    expect(crlPaths.length).toBeGreaterThan(0);
    for (const p of crlPaths) expect(JSON.parse(before.get(p)!)).toMatchObject({ method: 'rid', rids: [] });
    const valid = await verifyBoth(cert, before);
    for (const result of [valid.dcc, valid.shc]) {
      expect(result.errors).toEqual([]);
      expect(result).toMatchObject({ valid: true, checks: { revocation: 'pass' } });
    }

    const revoked = await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/certificates/revocations',
      headers,
      payload: { uvci: cert.uvci, reason: 'fraud' },
    });
    expect(revoked.statusCode, revoked.body).toBe(201);

    // After: the UVCI hash and the card's rid are published; both QR codes fail revocation.
    const after = await publishedLists();
    const versions = JSON.parse(after.get(JWKS_PATH)!).keys.map((k: { crlVersion?: number }) => k.crlVersion);
    expect(versions).toContain(1);
    const rids = crlPaths.flatMap((p) => JSON.parse(after.get(p)!).rids as string[]);
    expect(rids).toHaveLength(1);
    // The spec's rid: base64url, at most 24 characters, no '.'.
    expect(rids[0]).toMatch(/^[A-Za-z0-9_-]{1,24}$/);
    const both = await verifyBoth(cert, after);
    for (const result of [both.dcc, both.shc]) {
      expect(result).toMatchObject({
        valid: false,
        checks: { signature: 'pass', expiry: 'pass', revocation: 'fail' },
        errors: [{ code: 'REVOKED' }],
      });
    }
    expect([both.dcc.format, both.shc.format]).toEqual(['eu-dcc', 'shc']);

    // `sskdt verify --trust` with the same published files refuses both (exit 1, REVOKED).
    const files = [...after.entries()].map(([p, text], i) => {
      const file = path.join(tmp, `${i}-${path.basename(p)}`);
      fs.writeFileSync(file, text);
      return file;
    });
    const trustArgs = files.flatMap((f) => ['--trust', f]);
    const runs = await Promise.all(
      [cert.euDcc, cert.shc].map((qr) =>
        runSskdt(['verify', ...trustArgs, '--at', AT.toISOString(), '--json', qr], {
          SSKDT_DATA_DIR: tmp,
          DATABASE_URL: '',
        }),
      ),
    );
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, errors: [{ code: 'REVOKED' }] });
    }
  }, 60_000);
});
