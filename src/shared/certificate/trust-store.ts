import { fromBase64, isBase64, toBase64, utf8Decode } from './bytes.ts';
import type { CertificatePlatform, Jwk, PublicKeyHandle } from './platform.ts';
import { jwkThumbprint } from './shc-jws.ts';
import { type ParsedCertificate, parseCertificate, pemCertificates } from './x509.ts';

/**
 * Trust stores: the keys a verifier accepts, from PEM/DER X.509 certificates (one or many), a JWKS,
 * SMART Health Card CRLs and DSC trust lists (EU style `[{kid, rawData}]` or `{certificates: […]}`, as
 * `sskdt keys export --format dcc-trust-list` will write). Keys are imported once, when loaded.
 */

export interface TrustedKey {
  key: PublicKeyHandle;
  /** The DSC, when the key came with one (validity and extended key usage are checked). */
  certificate?: ParsedCertificate;
  source: 'x509' | 'jwks' | 'trust-list';
  /** RFC 7638 thumbprint of a JWK (SMART Health Cards name keys by it). */
  thumbprint?: string;
}

export interface ShcCrl {
  kid: string;
  method: string;
  ctr?: number;
  /** rid → revoked when the card's nbf is before this time (seconds), or always (undefined). */
  rids: Map<string, number | undefined>;
}

export class TrustInputError extends Error {
  override name = 'TrustInputError';
}

export class TrustStore {
  /** EU DCC keys by base64 kid (first 8 bytes of SHA-256 of the DSC DER, or the list's kid). */
  readonly dcc = new Map<string, TrustedKey[]>();
  /** SMART Health Card keys by JWK kid. */
  readonly shc = new Map<string, TrustedKey[]>();
  readonly shcCrls = new Map<string, ShcCrl>();
  /**
   * The EU DCC revocation list (hashed UVCIs, base64 of the first 16 bytes of SHA-256), from a revocation
   * list or a trust list's `revokedUvciHashes`. Empty: the revocation check is skipped.
   */
  readonly revokedUvciHashes = new Set<string>();
  /**
   * A revocation list was loaded (even an empty one): the EU DCC revocation check then runs and a
   * certificate not listed passes it. Without one the check is skipped.
   */
  dccRevocationListLoaded = false;
  /** Inputs that could not be read (loadLenient). */
  readonly problems: string[] = [];

  constructor(private readonly platform: CertificatePlatform) {}

  get size() {
    return this.dcc.size + this.shc.size;
  }

  private add(map: Map<string, TrustedKey[]>, kid: string, entry: TrustedKey) {
    const list = map.get(kid) ?? [];
    list.push(entry);
    map.set(kid, list);
  }

  async addCertificate(der: Uint8Array, source: TrustedKey['source'] = 'x509', kid?: string) {
    let certificate: ParsedCertificate;
    try {
      certificate = parseCertificate(der);
    } catch (error) {
      throw new TrustInputError(
        `not an X.509 certificate (${error instanceof Error ? error.message : error})`,
      );
    }
    let key: PublicKeyHandle;
    try {
      key = await this.platform.signatures.importSpki(certificate.spki);
    } catch {
      throw new TrustInputError('the certificate has a public key that cannot be imported');
    }
    const computed = toBase64((await this.platform.sha256(der)).subarray(0, 8));
    this.add(this.dcc, kid ?? computed, { key, certificate, source });
  }

  async addJwk(jwk: Jwk) {
    if (!jwk || typeof jwk !== 'object' || typeof jwk.kty !== 'string')
      throw new TrustInputError('not a JWK');
    let key: PublicKeyHandle;
    let thumbprint: string;
    try {
      key = await this.platform.signatures.importPublicJwk(jwk);
      thumbprint = await jwkThumbprint(jwk, this.platform);
    } catch {
      throw new TrustInputError('a JWK could not be imported (EC or RSA public keys only)');
    }
    let certificate: ParsedCertificate | undefined;
    if (Array.isArray(jwk.x5c) && typeof jwk.x5c[0] === 'string') {
      try {
        certificate = parseCertificate(fromBase64(jwk.x5c[0]));
      } catch {
        throw new TrustInputError('a JWK has an unreadable x5c certificate');
      }
    }
    const entry: TrustedKey = { key, certificate, source: 'jwks', thumbprint };
    const kid = typeof jwk.kid === 'string' ? jwk.kid : thumbprint;
    this.add(this.shc, kid, entry);
    // An EU-style JWKS names DSCs by their 8-byte kid in base64.
    if (/^[A-Za-z0-9+/]{11}=$/.test(kid)) this.add(this.dcc, kid, entry);
  }

  addShcCrl(crl: { kid?: unknown; method?: unknown; ctr?: unknown; rids?: unknown }) {
    if (typeof crl.kid !== 'string' || !Array.isArray(crl.rids)) throw new TrustInputError('not an SHC CRL');
    const rids = new Map<string, number | undefined>();
    for (const item of crl.rids) {
      if (typeof item !== 'string') throw new TrustInputError('an SHC CRL rid is not text');
      // "rid.timestamp" revokes the cards with nbf before it; a time that is not a number cannot
      // show a card newer than the revocation, so it revokes them all.
      const [rid, ts] = item.split('.');
      const before = ts === undefined ? undefined : Number(ts);
      rids.set(rid, before !== undefined && Number.isFinite(before) ? before : undefined);
    }
    this.shcCrls.set(crl.kid, {
      kid: crl.kid,
      method: String(crl.method ?? 'rid'),
      ctr: typeof crl.ctr === 'number' ? crl.ctr : undefined,
      rids,
    });
  }

  /** Adds one trust input: file contents as text or bytes. */
  async addInput(input: string | Uint8Array) {
    if (typeof input !== 'string') {
      if (input[0] === 0x30) return this.addCertificate(input);
      try {
        input = utf8Decode(input);
      } catch {
        throw new TrustInputError('binary trust input that is not a DER certificate');
      }
    }
    const text = input.trim();
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      for (const der of pemCertificates(text)) await this.addCertificate(der);
      return;
    }
    if (text.startsWith('{') || text.startsWith('[')) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new TrustInputError('trust input is not valid JSON');
      }
      return this.addJson(json);
    }
    if (text && isBase64(text)) return this.addCertificate(fromBase64(text));
    throw new TrustInputError('trust input is not PEM, DER, a JWKS, an SHC CRL or a trust list');
  }

  private async addJson(json: unknown) {
    if (Array.isArray(json)) {
      for (const item of json) await this.addListEntry(item);
      return;
    }
    const obj = json as Record<string, unknown>;
    if (!obj || typeof obj !== 'object') throw new TrustInputError('trust JSON is not an object');
    if (Array.isArray(obj.keys)) {
      for (const jwk of obj.keys) await this.addJwk(jwk as Jwk);
    } else if (Array.isArray(obj.rids)) {
      this.addShcCrl(obj);
    } else if (Array.isArray(obj.certificates)) {
      for (const item of obj.certificates) await this.addListEntry(item);
    } else if (typeof obj.kty === 'string') {
      await this.addJwk(obj as Jwk);
    } else if (!Array.isArray(obj.revokedUvciHashes)) {
      throw new TrustInputError('trust JSON is not a JWKS, an SHC CRL, a trust list or a revocation list');
    }
    if (Array.isArray(obj.crls)) for (const crl of obj.crls) this.addShcCrl(crl);
    // An EU DCC revocation list (`/.well-known/sskdt/dcc-revocations.json`), alone or in a trust list.
    if (Array.isArray(obj.revokedUvciHashes)) this.addRevokedUvciHashes(obj.revokedUvciHashes);
  }

  /** An EU DCC revocation list's hashed UVCIs (base64 of the first 16 bytes of SHA-256). */
  addRevokedUvciHashes(hashes: unknown[]) {
    for (const hash of hashes) {
      if (typeof hash !== 'string' || !isBase64(hash))
        throw new TrustInputError('a revoked UVCI hash is not base64');
      this.revokedUvciHashes.add(hash);
    }
    this.dccRevocationListLoaded = true;
  }

  private async addListEntry(item: unknown) {
    const entry = item as { rawData?: unknown; kid?: unknown; certificateType?: unknown };
    if (!entry || typeof entry.rawData !== 'string')
      throw new TrustInputError('a trust list entry has no rawData');
    if (entry.certificateType !== undefined && entry.certificateType !== 'DSC') return;
    await this.addCertificate(
      fromBase64(entry.rawData),
      'trust-list',
      typeof entry.kid === 'string' ? entry.kid : undefined,
    );
  }

  static async load(inputs: (string | Uint8Array)[], platform: CertificatePlatform): Promise<TrustStore> {
    const store = new TrustStore(platform);
    for (const input of inputs) await store.addInput(input);
    return store;
  }

  /** Like load, but an unreadable input is recorded in `problems` and the others still count. */
  static async loadLenient(
    inputs: (string | Uint8Array)[],
    platform: CertificatePlatform,
  ): Promise<TrustStore> {
    const store = new TrustStore(platform);
    for (const [i, input] of inputs.entries()) {
      try {
        await store.addInput(input);
      } catch (error) {
        if (!(error instanceof TrustInputError)) throw error;
        store.problems.push(`trust input ${i + 1}: ${error.message}`);
      }
    }
    return store;
  }
}
