import { createHash, randomBytes } from 'node:crypto';

/**
 * What a certificate says: the EU DCC JSON (ver 1.3.0, vaccination entries) and the SMART Health Card
 * FHIR bundle of the same doses, the UVCI with its check character and the ICAO 9303 transliteration of
 * Vietnamese names. Pure functions: no database, no keys.
 */

export const DCC_VERSION = '1.3.0';
/** SNOMED CT code of COVID-19 in the EU DCC `tg` value set. */
export const DCC_TARGET_COVID = '840539006';

/** The character set of the UVCI check character (EU UVCI guidelines: Luhn mod N, N = 38). */
const UVCI_CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';

/** The check character of a UVCI (computed over the whole text before '#', prefix included). */
export function uvciCheckCharacter(body: string): string {
  const n = UVCI_CHARSET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const code = UVCI_CHARSET.indexOf(body[i]);
    if (code < 0) throw new Error(`UVCI character outside the charset: ${body[i]}`);
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return UVCI_CHARSET[(n - (sum % n)) % n];
}

/** Whether a UVCI ends with a correct check character. */
export function uvciCheckValid(uvci: string): boolean {
  const at = uvci.lastIndexOf('#');
  if (at < 0 || at !== uvci.length - 2) return false;
  try {
    return uvciCheckCharacter(uvci.slice(0, at)) === uvci[at + 1];
  } catch {
    return false;
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new UVCI: `URN:UVCI:01:VN:<26 base32 characters, 128 random bits>#<check>`. */
export function newUvci(country = 'VN'): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let unique = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      unique += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) unique += BASE32[(value << (5 - bits)) & 31];
  const body = `URN:UVCI:01:${country}:${unique}`;
  return `${body}#${uvciCheckCharacter(body)}`;
}

/** The revocation list's hash of a UVCI: base64 of the first 16 bytes of SHA-256 (as trust-store.ts reads). */
export function uvciHash(uvci: string): string {
  return createHash('sha256').update(uvci, 'utf8').digest().subarray(0, 16).toString('base64');
}

/**
 * ICAO 9303 machine-readable form of a name: diacritics removed (đ → D), upper case, spaces and
 * punctuation → '<'; "Nguyễn Văn A" → "NGUYEN<VAN<A". At most 80 characters (the EU DCC limit).
 */
export function icaoTransliterate(name: string): string {
  return name
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]+/g, '<')
    .replace(/^<+|<+$/g, '')
    .slice(0, 80)
    .replace(/<+$/, '');
}

/** A Vietnamese full name as family name (the first word) and given names (the rest). */
export function splitVietnameseName(fullName: string): { family: string; given: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  return { family: words[0] ?? '', given: words.slice(1).join(' ') };
}

export interface CertifiedPerson {
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

export interface CertifiedDose {
  id: string;
  vaccineCode: string;
  productName: string;
  manufacturer: string;
  euMp: string;
  euMa: string;
  euVp: string;
  dosesInSeries: number;
  doseNumber: number;
  /** YYYY-MM-DD */
  givenOn: string;
  /** ISO 3166 alpha-2 of the country of vaccination. */
  country: string;
  lotNumber: string | null;
  facilityName: string | null;
}

export interface DccVaccination {
  tg: string;
  vp: string;
  mp: string;
  ma: string;
  dn: number;
  sd: number;
  dt: string;
  co: string;
  is: string;
  ci: string;
}

/**
 * The EU DCC JSON: one `v` entry for the LAST dose (the spec certifies the latest vaccination event;
 * dn/sd say where it stands in the series: a booster after a complete series has dn > series doses, so
 * sd follows dn as EU issuers do, e.g. 3/3).
 */
export function buildDcc(
  person: CertifiedPerson,
  doses: CertifiedDose[],
  options: { uvci: string; issuerName: string },
) {
  const last = doses.at(-1);
  if (!last) throw new Error('a certificate needs at least one dose');
  const { family, given } = splitVietnameseName(person.fullName);
  const nam: Record<string, string> = { fn: family, fnt: icaoTransliterate(family) };
  if (given) {
    nam.gn = given;
    nam.gnt = icaoTransliterate(given);
  }
  const entry: DccVaccination = {
    tg: DCC_TARGET_COVID,
    vp: last.euVp,
    mp: last.euMp,
    ma: last.euMa,
    dn: last.doseNumber,
    sd: Math.max(last.dosesInSeries, last.doseNumber),
    dt: last.givenOn,
    co: last.country || 'VN',
    is: options.issuerName.slice(0, 80),
    ci: options.uvci,
  };
  return { ver: DCC_VERSION, nam, dob: person.birthDate, v: [entry] };
}

/** The SMART Health Card payload (JWS body): a FHIR R4 bundle of the patient and every dose. */
export function buildShcPayload(
  person: CertifiedPerson,
  doses: CertifiedDose[],
  options: { issuer: string; rid: string; issuedAt: number; expiresAt: number },
) {
  const { family, given } = splitVietnameseName(person.fullName);
  const entry: { fullUrl: string; resource: Record<string, unknown> }[] = [
    {
      fullUrl: 'resource:0',
      resource: {
        resourceType: 'Patient',
        name: [{ family, given: given ? given.split(' ') : [] }],
        birthDate: person.birthDate,
      },
    },
  ];
  for (const dose of doses) {
    const immunization: Record<string, unknown> = {
      resourceType: 'Immunization',
      status: 'completed',
      // The catalogue has no CVX codes: the EU medicinal product code, with its name as display text.
      vaccineCode: {
        coding: [
          {
            system: 'https://ec.europa.eu/health/documents/community-register/html/',
            code: dose.euMp,
            display: dose.productName,
          },
        ],
        text: dose.productName,
      },
      patient: { reference: 'resource:0' },
      occurrenceDateTime: dose.givenOn,
      protocolApplied: [{ doseNumber: dose.doseNumber, seriesDoses: dose.dosesInSeries }],
    };
    if (dose.facilityName) immunization.performer = [{ actor: { display: dose.facilityName } }];
    if (dose.lotNumber) immunization.lotNumber = dose.lotNumber;
    entry.push({ fullUrl: `resource:${entry.length}`, resource: immunization });
  }
  return {
    iss: options.issuer,
    nbf: options.issuedAt,
    exp: options.expiresAt,
    vc: {
      type: [
        'https://smarthealth.cards#health-card',
        'https://smarthealth.cards#immunization',
        'https://smarthealth.cards#covid19',
      ],
      rid: options.rid,
      credentialSubject: {
        fhirVersion: '4.0.1',
        fhirBundle: { resourceType: 'Bundle', type: 'collection', entry },
      },
    },
  };
}

/** SHA-256 (hex) of what a certificate certifies: a different value means it must be re-issued. */
export function contentHash(person: CertifiedPerson, doses: CertifiedDose[]): string {
  return createHash('sha256')
    .update(JSON.stringify([person.fullName, person.birthDate, doses]))
    .digest('hex');
}
