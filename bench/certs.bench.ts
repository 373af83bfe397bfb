import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDcc, type CertifiedDose, newUvci } from '../src/server/modules/certificates/dcc-content.ts';
import { base45Decode } from '../src/shared/certificate/base45.ts';
import { parseCoseSign1, sigStructure } from '../src/shared/certificate/cose.ts';
import { signDcc } from '../src/shared/certificate/issue-dcc.ts';
import { nodePlatform } from '../src/shared/certificate/platform.node.ts';
import { TrustStore } from '../src/shared/certificate/trust-store.ts';
import { verifyQr } from '../src/shared/certificate/verify.ts';
import { EKU, makeSigner } from '../test/helpers/certificates.ts';
import { ROOT } from '../test/helpers/processes.ts';
import { type Metrics, round } from './lib.ts';

/**
 * EU DCC issue and verify rates on one core (this thread), the node:crypto ES256 limit, and the peer
 * library @pathcheck/dcc-sdk (GPL-3.0, a devDependency that only this benchmark loads; the product never imports it) verifying the same
 * certificates. Every verified certificate is checked valid, so a broken path cannot look fast.
 */

/** Measured seconds per operation (1-s rounds). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_MS = 500;
/** Distinct certificates the verifiers cycle through. */
const POOL = 2000;

const PERSON = { fullName: 'Nguyễn Văn Đức Anh', birthDate: '1985-07-14' };
const DOSES: CertifiedDose[] = [1, 2].map((n) => ({
  id: `dose-${n}`,
  vaccineCode: 'PFIZER',
  productName: 'Comirnaty',
  manufacturer: 'Pfizer/BioNTech',
  euMp: 'EU/1/20/1528',
  euMa: 'ORG-100030215',
  euVp: 'J07BX03',
  dosesInSeries: 2,
  doseNumber: n,
  givenOn: n === 1 ? '2021-08-02' : '2021-08-23',
  country: 'VN',
  lotNumber: `FF${n}234`,
  facilityName: 'Trạm Y tế phường Điện Biên',
}));
const ISSUER_NAME = 'Ministry of Health of Viet Nam';

/**
 * Runs `step` in 1-second rounds for SECONDS after a short warm-up, on this thread: the best round's
 * operations per second of wall time (the machine is shared: a round another process slowed down says
 * nothing about the code), with the median logged beside it.
 */
async function rate(step: (i: number) => unknown, log: (line: string) => void, label: string) {
  let i = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) await step(i++);
  const rounds: number[] = [];
  let cpuShare = 0;
  for (let r = 0; r < Math.max(1, SECONDS); r++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const end = start + 1000;
    let n = 0;
    while (performance.now() < end) {
      await step(i++);
      n++;
    }
    const wall = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rounds.push(n / wall);
    cpuShare = Math.max(cpuShare, (cpu.user + cpu.system) / 1e6 / wall);
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  const best = sorted.at(-1) ?? 0;
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const fmt = (v: number) => Math.round(v).toLocaleString('en');
  log(
    `${label}: ${fmt(best)}/s best of ${rounds.length} 1-s rounds (median ${fmt(median)}/s, up to ${Math.round(cpuShare * 100)}% CPU)`,
  );
  return round(best, 0);
}

const PEER_HINT =
  '@pathcheck/dcc-sdk is not installed (it is a devDependency: `npm ci` without --omit=dev installs it): peer_verify_per_s not measured.';

/** Loads @pathcheck/dcc-sdk on Node 20: its lib/ as ES modules (tsx resolves the extensionless imports). */
async function loadPeer() {
  const source = path.join(ROOT, 'node_modules/@pathcheck/dcc-sdk/lib');
  // Inside node_modules so the copy resolves the SDK's dependencies from the project.
  const dir = path.join(ROOT, 'node_modules/.cache/sskdt-bench-dcc-sdk');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(source, path.join(dir, 'lib'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  // Its own nested dependencies (pako) first.
  const nested = path.join(ROOT, 'node_modules/@pathcheck/dcc-sdk/node_modules');
  if (fs.existsSync(nested)) fs.cpSync(nested, path.join(dir, 'node_modules'), { recursive: true });
  return (await import(pathToFileURL(path.join(dir, 'lib/main.js')).href)) as {
    addCachedCerts(certs: Record<string, string>): void;
    unpackAndVerify(qr: string): Promise<{ status: string }>;
  };
}

export async function certsBench(log: (line: string) => void): Promise<Metrics> {
  const signer = await makeSigner({ eku: [EKU.vaccination], name: 'sskdt bench DSC' });
  const now = new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + 365 * 86400;
  // Issuance as signCertificates does it for the EU DCC: a new UVCI, the product's content, sign, pack.
  const issue = () =>
    signDcc(
      {
        dcc: buildDcc(PERSON, DOSES, { uvci: newUvci(), issuerName: ISSUER_NAME }),
        issuer: 'VN',
        issuedAt: iat,
        expiresAt: exp,
        alg: 'ES256',
        kid: signer.kid,
        key: signer.key,
      },
      nodePlatform,
    );

  const pool: string[] = [];
  for (let i = 0; i < POOL; i++) pool.push(await issue());
  log(`${POOL} certificates issued for the verifiers (${pool[0].length} characters each)`);

  const issuePerS = await rate(issue, log, 'sskdt issue (CWT → COSE ES256 → zlib → base45)');

  // The verifier as `sskdt verify` runs it: trust store loaded once, full decode + verify + schema.
  const trust = await TrustStore.load([signer.pem], nodePlatform);
  let invalid = 0;
  const verifyPerS = await rate(
    async (i) => {
      const result = await verifyQr(pool[i % POOL], { trust, at: now, platform: nodePlatform });
      if (!result.valid) invalid++;
    },
    log,
    'sskdt verify (base45 → zlib → COSE → signature → schema → times)',
  );
  if (invalid) throw new Error(`${invalid} certificates did not verify`);

  // The limit: node:crypto ES256 alone over the same Sig_structure bytes.
  const cose = parseCoseSign1(nodePlatform.compression.inflate(base45Decode(pool[0].slice(4))) as Uint8Array);
  const data = sigStructure(cose.protectedBytes, cose.payload);
  const privateKey = signer.key.platformKey as KeyObject;
  const publicKey = crypto.createPublicKey(privateKey);
  const rawSignPerS = await rate(
    () => crypto.sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
    log,
    'node:crypto ES256 sign',
  );
  let rawBad = 0;
  const rawVerifyPerS = await rate(
    () => {
      if (!crypto.verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, cose.signature))
        rawBad++;
    },
    log,
    'node:crypto ES256 verify',
  );
  if (rawBad) throw new Error('raw ES256 verification failed');

  // The peer verifying the same certificates with the same DSC in its cache. It is installed on
  // demand, not kept in package.json: its dependency tree (expo optional peers) leaves a lock file that
  // `npm ci` on a clean clone refuses ("Missing: @expo/env from lock file").
  if (!fs.existsSync(path.join(ROOT, 'node_modules/@pathcheck/dcc-sdk/lib'))) {
    log(`  ${PEER_HINT}`);
    return metricsOf(Number.NaN);
  }
  const peer = await loadPeer();
  peer.addCachedCerts({
    [Buffer.from(signer.kid).toString('base64')]: Buffer.from(signer.der).toString('base64'),
  });
  let peerBad = 0;
  const peerPerS = await rate(
    async (i) => {
      if ((await peer.unpackAndVerify(pool[i % POOL])).status !== 'verified') peerBad++;
    },
    log,
    '@pathcheck/dcc-sdk unpackAndVerify',
  );
  if (peerBad) throw new Error(`@pathcheck/dcc-sdk did not verify ${peerBad} certificates`);

  return metricsOf(peerPerS);

  function metricsOf(peerPerS: number): Metrics {
    return {
      verify_per_s: { value: verifyPerS, unit: 'certificates/s (1 core)' },
      issue_per_s: { value: issuePerS, unit: 'certificates/s (1 core)' },
      raw_es256_verify_per_s: { value: rawVerifyPerS, unit: 'verifies/s (1 core)' },
      raw_es256_sign_per_s: { value: rawSignPerS, unit: 'signatures/s (1 core)' },
      peer_verify_per_s: { value: peerPerS, unit: 'certificates/s (1 core)' },
    };
  }
}
