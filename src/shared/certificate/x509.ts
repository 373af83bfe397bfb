import 'reflect-metadata';
import { ExtendedKeyUsageExtension, X509Certificate } from '@peculiar/x509';
import { fromBase64 } from './bytes.ts';

/** X.509 document signer certificates (DSC), parsed with @peculiar/x509. */

export interface ParsedCertificate {
  der: Uint8Array;
  spki: Uint8Array;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs, or undefined when the certificate has no such extension. */
  extendedKeyUsages: string[] | undefined;
}

export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = new X509Certificate(der as Uint8Array<ArrayBuffer>);
  const eku = cert.getExtension(ExtendedKeyUsageExtension);
  return {
    der,
    spki: new Uint8Array(cert.publicKey.rawData),
    subject: cert.subject,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    extendedKeyUsages: eku ? eku.usages.map(String) : undefined,
  };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** Armour lines left inside a block (a certificate wrapped twice, its inner lines run together). */
const INNER_ARMOUR = /-----[A-Z ]*-----/g;

/** The DER of every certificate in a PEM text (one or many). */
export function pemCertificates(text: string): Uint8Array[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => fromBase64(m[1].replace(INNER_ARMOUR, '')));
}

/** The EU DCC certificate types and the extended key usage OIDs that allow each (both spellings). */
export type DccType = 'test' | 'vaccination' | 'recovery';
const EKU_TYPES: Record<string, DccType> = {
  '1.3.6.1.4.1.1847.2021.1.1': 'test',
  '1.3.6.1.4.1.1847.2021.1.2': 'vaccination',
  '1.3.6.1.4.1.1847.2021.1.3': 'recovery',
  '1.3.6.1.4.1.0.1847.2021.1.1': 'test',
  '1.3.6.1.4.1.0.1847.2021.1.2': 'vaccination',
  '1.3.6.1.4.1.0.1847.2021.1.3': 'recovery',
};

/**
 * Whether a DSC's extended key usage allows a certificate type: no extension, or one with none of the
 * DCC OIDs, allows every type.
 */
export function keyUsageAllows(extendedKeyUsages: string[] | undefined, type: DccType): boolean {
  const types = (extendedKeyUsages ?? []).map((oid) => EKU_TYPES[oid]).filter(Boolean);
  return types.length === 0 || types.includes(type);
}
