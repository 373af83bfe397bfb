import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Kysely } from 'kysely';
import { nodePlatform } from '../../../shared/certificate/platform.node.ts';
import type { Jwk, PrivateKeyHandle } from '../../../shared/certificate/platform.ts';
import { jwkThumbprint } from '../../../shared/certificate/shc-jws.ts';
import type { CertificateAlg, DB } from '../../db/schema.ts';
import type { KeySealer } from '../../key-seal.ts';
import * as repo from './keys.repository.ts';

/**
 * Certificate signing keys: the national CSCA (self-signed) and the document signer certificates (DSC)
 * it signs, with the vaccination extended key usage; kid = first 8 bytes of SHA-256 of the DSC DER.
 * `sskdt keys init|rotate|export` and the server's issuance use these.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const EKU_VACCINATION = '1.3.6.1.4.1.1847.2021.1.2';
const DAY = 86_400_000;
export const CSCA_DAYS = 365 * 10;
/** A DSC signs for a year and must outlive the 12-month certificates it signs. */
export const DSC_DAYS = 365 * 2 + 30;

type AlgorithmParams = { gen: RsaHashedKeyGenParams | EcKeyGenParams; sign: Algorithm };
function algorithm(alg: CertificateAlg): AlgorithmParams {
  return alg === 'ES256'
    ? { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } as Algorithm }
    : {
        gen: {
          name: 'RSA-PSS',
          modulusLength: 3072,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        },
        sign: { name: 'RSA-PSS', saltLength: 32 } as Algorithm,
      };
}

async function generate(alg: CertificateAlg) {
  return (await webcrypto.subtle.generateKey(algorithm(alg).gen, true, ['sign', 'verify'])) as CryptoKeyPair;
}

const pkcs8 = async (key: CryptoKey) => new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', key));
export const kidOf = (der: Uint8Array) =>
  createHash('sha256').update(der).digest().subarray(0, 8).toString('base64');
const serial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');

export interface KeyOptions {
  alg?: CertificateAlg;
  now: Date;
  /** DSC validity; a test may ask for one already expired. */
  dscNotBefore?: Date;
  dscNotAfter?: Date;
  country?: string;
}

export class KeyError extends Error {
  override name = 'KeyError';
}

/**
 * What becomes of the CSCA private key at `keys init`. The CSCA signs only DSCs (once a year or so), so
 * by default it leaves the machine: `save` gets it (PKCS#8) before anything is stored, and the database
 * keeps the certificate alone. `online` seals it into the database for single-machine setups (weaker: a
 * copy of the database and the key secret then signs DSCs); `discard` forgets it (the demo: no rotation).
 */
export type CscaCustody = 'online' | 'discard' | ((kid: string, pkcs8: Uint8Array) => Promise<void> | void);

/** Creates the CSCA and a first DSC. Refuses when a CSCA exists (use rotate). */
export async function initKeys(
  db: Kysely<DB>,
  sealer: KeySealer,
  options: KeyOptions & { csca: CscaCustody },
) {
  const existing = await repo.anyKey(db, 'csca');
  if (existing) throw new KeyError(`keys already exist (CSCA ${existing.kid}); use \`sskdt keys rotate\``);
  const alg = options.alg ?? 'ES256';
  const keys = await generate(alg);
  const country = options.country ?? 'VN';
  const csca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `C=${country}, O=Ministry of Health, CN=sskdt CSCA ${country}`,
    notBefore: options.now,
    notAfter: new Date(options.now.getTime() + CSCA_DAYS * DAY),
    keys,
    signingAlgorithm: algorithm(alg).sign,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const der = new Uint8Array(csca.rawData);
  const kid = kidOf(der);
  const cscaPkcs8 = await pkcs8(keys.privateKey);
  // Saved before the row exists: a CSCA in the database whose key was lost could never sign a DSC.
  if (typeof options.csca === 'function') await options.csca(kid, cscaPkcs8);
  await repo.insertKey(db, {
    kid,
    role: 'csca',
    alg,
    certificate: Buffer.from(der).toString('base64'),
    private_key: options.csca === 'online' ? sealer.seal(cscaPkcs8, kid) : null,
    not_before: csca.notBefore,
    not_after: csca.notAfter,
  });
  const dsc = await addDsc(db, sealer, { ...options, cscaKey: cscaPkcs8 });
  return { csca: kid, dsc };
}

/** Creates keys when there are none (serve --demo, sskdt demo); answers whether it did. */
export async function ensureKeys(db: Kysely<DB>, sealer: KeySealer, now: Date): Promise<boolean> {
  const any = await repo.anyKey(db, 'dsc');
  if (any) return false;
  // A demo never rotates: its CSCA key is not kept anywhere.
  await initKeys(db, sealer, { now, csca: 'discard' });
  return true;
}

/**
 * `keys rotate`: a new DSC signed by the CSCA; older DSCs stop signing but stay trusted until they
 * expire. `cscaKey` is the offline CSCA private key (PKCS#8); an online CSCA needs none.
 */
export async function rotateKeys(
  db: Kysely<DB>,
  sealer: KeySealer,
  options: KeyOptions & { cscaKey?: Uint8Array },
) {
  return addDsc(db, sealer, options);
}

/** How many private keys the database holds sealed (certificate keys): they need the key secret. */
export function countSealedKeys(db: Kysely<DB>): Promise<number> {
  return repo.countSealedKeys(db);
}

/** The CSCA's signing key: the one given (checked against the certificate), else the sealed one online. */
async function cscaSigningKey(
  row: { kid: string; alg: CertificateAlg; private_key: string | null },
  csca: x509.X509Certificate,
  sealer: KeySealer,
  given: Uint8Array | undefined,
): Promise<CryptoKey> {
  const params = algorithm(row.alg);
  const raw = given ?? (row.private_key ? sealer.open(row.private_key, row.kid) : undefined);
  if (!raw)
    throw new KeyError(
      `the CSCA private key (${row.kid}) is offline: pass --csca-key FILE, the file \`sskdt keys init\` wrote. ` +
        'Keys made by the demo keep no CSCA key (a demo needs no rotation).',
    );
  let key: CryptoKey;
  try {
    key = await webcrypto.subtle.importKey('pkcs8', raw, params.gen, false, ['sign']);
  } catch {
    throw new KeyError(`the key given is not the CSCA private key (${row.kid}, ${row.alg})`);
  }
  if (given) {
    // Sign and verify a challenge: a wrong key would sign DSCs no verifier chains to the CSCA.
    const challenge = webcrypto.getRandomValues(new Uint8Array(32));
    const signature = await webcrypto.subtle.sign(params.sign, key, challenge);
    const publicKey = await csca.publicKey.export(params.gen, ['verify'], webcrypto as unknown as Crypto);
    if (!(await webcrypto.subtle.verify(params.sign, publicKey, signature, challenge)))
      throw new KeyError(`the key given is not the CSCA private key (${row.kid}): its public key differs`);
  }
  return key;
}

async function addDsc(db: Kysely<DB>, sealer: KeySealer, options: KeyOptions & { cscaKey?: Uint8Array }) {
  const cscaRow = await repo.latestCsca(db);
  if (!cscaRow) throw new KeyError('no CSCA: run `sskdt keys init` first');
  const csca = new x509.X509Certificate(Buffer.from(cscaRow.certificate, 'base64'));
  const cscaKey = await cscaSigningKey(cscaRow, csca, sealer, options.cscaKey);
  const alg = options.alg ?? cscaRow.alg;
  const keys = await generate(alg);
  const notBefore = options.dscNotBefore ?? options.now;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `C=${options.country ?? 'VN'}, O=Ministry of Health, CN=sskdt DSC ${notBefore.toISOString().slice(0, 10)}`,
    issuer: csca.subject,
    notBefore,
    notAfter: options.dscNotAfter ?? new Date(notBefore.getTime() + DSC_DAYS * DAY),
    publicKey: keys.publicKey,
    signingKey: cscaKey,
    signingAlgorithm: algorithm(cscaRow.alg).sign,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([EKU_VACCINATION]),
      await x509.AuthorityKeyIdentifierExtension.create(csca),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const der = new Uint8Array(cert.rawData);
  const kid = kidOf(der);
  // SMART Health Cards sign with ES256 only: a PS256 DSC gets a separate P-256 key for them.
  const shcKeys = alg === 'ES256' ? keys : await generate('ES256');
  const { d: _d, ...shcJwk } = (await webcrypto.subtle.exportKey('jwk', shcKeys.publicKey)) as Jwk;
  const publicJwk = { kty: shcJwk.kty, crv: shcJwk.crv, x: shcJwk.x, y: shcJwk.y } as Record<string, string>;
  const shcKid = await jwkThumbprint(publicJwk as Jwk, nodePlatform);
  await repo.replaceDsc(
    db,
    {
      kid,
      role: 'dsc',
      alg,
      certificate: Buffer.from(der).toString('base64'),
      private_key: sealer.seal(await pkcs8(keys.privateKey), kid),
      shc_kid: shcKid,
      shc_jwk: JSON.stringify(publicJwk),
      shc_private_key: alg === 'ES256' ? null : sealer.seal(await pkcs8(shcKeys.privateKey), `${kid}:shc`),
      issuer_kid: cscaRow.kid,
      not_before: cert.notBefore,
      not_after: cert.notAfter,
    },
    options.now,
  );
  return { kid, shcKid, alg, notAfter: cert.notAfter };
}

export interface Signer {
  kid: string;
  kidBytes: Uint8Array;
  alg: CertificateAlg;
  key: PrivateKeyHandle;
  shcKid: string;
  shcKey: PrivateKeyHandle;
  notAfter: Date;
}

/** The DSC that signs new certificates (the newest one not retired), with its keys opened. */
export async function currentSigner(db: Kysely<DB>, sealer: KeySealer, now: Date): Promise<Signer | null> {
  const row = await repo.signingDsc(db, now);
  // A DSC row always holds its key (migration 0019's check); only a CSCA may be offline.
  if (!row?.private_key) return null;
  const key = nodePlatform.signatures.importPrivateKey(
    sealer.open(row.private_key, row.kid),
  ) as PrivateKeyHandle;
  const shcKey = row.shc_private_key
    ? (nodePlatform.signatures.importPrivateKey(
        sealer.open(row.shc_private_key, `${row.kid}:shc`),
      ) as PrivateKeyHandle)
    : key;
  return {
    kid: row.kid,
    kidBytes: new Uint8Array(Buffer.from(row.kid, 'base64')),
    alg: row.alg,
    key,
    shcKid: row.shc_kid ?? '',
    shcKey,
    notAfter: new Date(row.not_after),
  };
}

export interface PublishedKey {
  kid: string;
  role: 'csca' | 'dsc';
  alg: CertificateAlg;
  der: string;
  shcKid: string | null;
  shcJwk: Record<string, string> | null;
  notBefore: Date;
  notAfter: Date;
}

/**
 * How long a key stays published after it expired. A certificate never outlives its DSC, so nothing
 * signed by an expired DSC is ever valid; publishing it a while longer lets a verifier answer "expired"
 * (the `expiry` check) instead of "unknown key" for certificates it signed.
 */
export const EXPIRED_KEY_GRACE_DAYS = 365;

/**
 * The keys verifiers are given: every key still valid at `now` (DSCs keep verifying until they expire,
 * rotated or not) and, with `graceDays` (default EXPIRED_KEY_GRACE_DAYS), keys that expired less than that long ago.
 */
export async function publishedKeys(
  db: Kysely<DB>,
  now: Date,
  graceDays = EXPIRED_KEY_GRACE_DAYS,
): Promise<PublishedKey[]> {
  const rows = await repo.keysValidAfter(db, new Date(now.getTime() - graceDays * DAY));
  return rows.map((r) => ({
    kid: r.kid,
    role: r.role,
    alg: r.alg,
    der: r.certificate,
    shcKid: r.shc_kid,
    shcJwk: r.shc_jwk,
    notBefore: new Date(r.not_before),
    notAfter: new Date(r.not_after),
  }));
}
