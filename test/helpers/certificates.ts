import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { nodePlatform } from '../../src/shared/certificate/platform.node.ts';
import type { PrivateKeyHandle, SignatureAlg } from '../../src/shared/certificate/platform.ts';

/** Test document signers: a key pair and a self-signed DSC with a chosen validity and key usage. */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const EKU = {
  test: '1.3.6.1.4.1.1847.2021.1.1',
  vaccination: '1.3.6.1.4.1.1847.2021.1.2',
  recovery: '1.3.6.1.4.1.1847.2021.1.3',
  vaccinationAlt: '1.3.6.1.4.1.0.1847.2021.1.2',
};

export interface TestSigner {
  alg: SignatureAlg;
  der: Uint8Array;
  pem: string;
  kid: Uint8Array;
  key: PrivateKeyHandle;
}

export async function makeSigner(
  options: {
    alg?: SignatureAlg;
    curve?: 'P-256' | 'P-384';
    notBefore?: Date;
    notAfter?: Date;
    eku?: string[];
    name?: string;
  } = {},
): Promise<TestSigner> {
  const alg = options.alg ?? 'ES256';
  const algorithm =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: options.curve ?? 'P-256', hash: 'SHA-256' }
      : { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${options.name ?? 'sskdt test DSC'}, C=VN`,
    notBefore: options.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    signingAlgorithm: (alg === 'ES256'
      ? { name: 'ECDSA', hash: 'SHA-256' }
      : {
          name: 'RSA-PSS',
          saltLength: 32,
        }) as unknown as x509.X509CertificateCreateSelfSignedParams['signingAlgorithm'],
    keys,
    extensions: options.eku ? [new x509.ExtendedKeyUsageExtension(options.eku)] : [],
  });
  const der = new Uint8Array(cert.rawData);
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const kid = (nodePlatform.sha256(der) as Uint8Array).slice(0, 8);
  return {
    alg,
    der,
    pem: cert.toString('pem'),
    kid,
    key: nodePlatform.signatures.importPrivateKey(pkcs8) as PrivateKeyHandle,
  };
}

export const SAMPLE_DCC = {
  ver: '1.3.0',
  nam: { fn: 'Nguyễn', fnt: 'NGUYEN', gn: 'Văn An', gnt: 'VAN<AN' },
  dob: '1990-01-02',
  v: [
    {
      tg: '840539006',
      vp: '1119349007',
      mp: 'EU/1/20/1528',
      ma: 'ORG-100030215',
      dn: 2,
      sd: 2,
      dt: '2021-09-01',
      co: 'VN',
      is: 'Ministry of Health of Viet Nam',
      ci: 'URN:UVCI:01:VN:TEST0001#X',
    },
  ],
};
