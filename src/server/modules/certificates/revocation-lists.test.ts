import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../../../../test/helpers/api.ts';
import { smsFile } from '../../../../test/helpers/auth.ts';
import { citizenWithMember } from '../../../../test/helpers/notify.ts';
import { runSskdt } from '../../../../test/helpers/processes.ts';
import { TEST_ENGINES, useTestApp } from '../../../../test/helpers/test-app.ts';
import { buildWorld, type World } from '../../../../test/helpers/world.ts';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import { JWKS_PATH, PUBLISHED_LISTS, shcCrlPaths } from '../../../shared/certificate/published-lists.ts';
import { TrustStore } from '../../../shared/certificate/trust-store.ts';
import { verifyQr } from '../../../shared/certificate/verify.ts';
import { keySealer } from '../../key-seal.ts';
import { initKeys } from './keys.service.ts';
import { planCertificateReissues } from './reissue-planner.ts';

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
  // The data directory of `sskdt verify`'s local trust files (rewritten after revocations).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sskdt-revocation-lists-'));
  const ctx = useTestApp(engine, {
    sms: sms.sender,
    clock: () => NOW,
    certificates: { keySecret: SECRET, dataDir: tmp },
  });
  let world: World;
  let base: string;
  let lot: string;
  const db = () => ctx.database.db;

  beforeAll(async () => {
    world = await buildWorld(ctx.app, db(), 'rvl');
    await initKeys(db(), keySealer(SECRET), { now: NOW, csca: 'online' });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const headers = world.staff.admin.headers;
    lot =
      (
        await testApi(ctx.app, { headers }).stock.createLot.raw({
          body: { vaccineCode: 'PFIZER', lotNumber: 'RVL01', expiresOn: '2022-12-31' },
        })
      ).body?.id ?? '';
    await testApi(ctx.app, { headers }).stock.recordMovement.raw({
      body: { lotId: lot, kind: 'receipt', to: `facility:${world.facilities.siteBaDinh}`, quantity: 10 },
    });
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const dose = async (personId: string, givenAt: string) => {
    const res = await testApi(ctx.app, world.staff.siteBaDinh).doses.recordDose.raw({
      body: { id: randomUUID(), personId, vaccineCode: 'PFIZER', lotId: lot, givenAt },
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(201);
  };
  const certificateOf = async (citizen: Awaited<ReturnType<typeof citizenWithMember>>) => {
    const res = await testApi(ctx.app, citizen.session).certificates.memberCertificate.raw({
      params: { personId: citizen.personId },
    });
    expect(res.status, JSON.stringify(res.problem)).toBe(200);
    if (res.body?.state !== 'issued') throw new Error('expected an issued certificate');
    return res.body;
  };
  const cli = (qr: string, trustArgs: string[] = []) =>
    runSskdt(['verify', ...trustArgs, '--at', AT.toISOString(), '--json', qr], {
      SSKDT_DATA_DIR: tmp,
      DATABASE_URL: '',
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
    for (const givenAt of ['2021-08-01T02:00:00Z', '2021-09-01T02:00:00Z'])
      await dose(citizen.personId, givenAt);
    const cert = await certificateOf(citizen);

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

    const revoked = await testApi(ctx.app, world.staff.admin).certificates.revoke.raw({
      body: { uvci: cert.uvci, reason: 'fraud' },
    });
    expect(revoked.status, JSON.stringify(revoked.problem)).toBe(201);

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
    const runs = await Promise.all([cert.euDcc, cert.shc].map((qr) => cli(qr, trustArgs)));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, errors: [{ code: 'REVOKED' }] });
    }
  }, 60_000);

  it('a certificate superseded by a new dose reaches the local trust files: `sskdt verify` without --trust refuses its SHC', async () => {
    const citizen = await citizenWithMember(ctx.app, db(), sms, '0912800502', 'Phạm Thị Dung');
    await dose(citizen.personId, '2021-08-02T02:00:00Z');
    const old = await certificateOf(citizen);
    const { shc_rid: oldRid } = await db()
      .selectFrom('issued_certificate')
      .select('shc_rid')
      .where('uvci', '=', old.uvci)
      .executeTakeFirstOrThrow();
    await dose(citizen.personId, '2021-09-02T02:00:00Z');
    // The re-issue pass (on the server's timer) supersedes it: old UVCI and SHC rid revoked.
    expect(await planCertificateReissues(ctx.app.certificateContext(), 200, { full: true })).toBe(1);
    const localRids = () => {
      const file = path.join(tmp, 'trust', 'jwks.json');
      if (!fs.existsSync(file)) return [];
      return (JSON.parse(fs.readFileSync(file, 'utf8')).crls ?? []).flatMap(
        (c: { rids: string[] }) => c.rids,
      );
    };
    await expect.poll(localRids).toContain(oldRid);
    const fresh = await certificateOf(citizen);
    const [oldShc, oldDcc, freshShc] = await Promise.all([cli(old.shc), cli(old.euDcc), cli(fresh.shc)]);
    for (const run of [oldShc, oldDcc]) {
      expect(run.code, run.stderr).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({
        checks: { revocation: 'fail' },
        errors: [{ code: 'REVOKED' }],
      });
    }
    expect(freshShc.code, freshShc.stdout).toBe(0);
    expect(JSON.parse(freshShc.stdout)).toMatchObject({ valid: true, checks: { revocation: 'pass' } });
  }, 60_000);
});
