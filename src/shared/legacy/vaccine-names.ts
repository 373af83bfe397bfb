import catalogue from '../../../reference/vaccines.json' with { type: 'json' };

/**
 * Vaccine names as sites typed them → catalogue codes (reference/vaccines.json). Matching ignores case,
 * accents, spaces and punctuation ("Vero Cell" = "verocell", "Hayat-Vax" = "hayat vax", "Pfizơ" = "pfizo")
 * and a leading "vắc xin"/"vaccine"/"VX". Order of tries:
 * 1. the whole name is a catalogue code, name, brand or manufacturer, or a common short form
 *    (exact: true), or a misspelling seen in the field (exact: false);
 * 2. every word (or pair of words) that matches points to the same code, e.g. "Pfizer (Comirnaty)";
 * 3. edit distance (with transpositions) to the nearest known form: ≤ 1 for names of 4–5 letters, ≤ 2
 *    for 6 letters or more, nothing for shorter ones (exact: false).
 * Two codes equally near, or words pointing to different codes, give null: nothing is guessed.
 */

export interface VaccineNameMatch {
  code: string;
  /** True for a catalogue name, brand, manufacturer, code or common short form; false for corrections. */
  exact: boolean;
}

/** Common short forms and other names used in Vietnam (exact). */
const SHORT_FORMS: Record<string, readonly string[]> = {
  AZ: ['Astra', 'Astra Zeneca', 'AZD1222', 'ChAdOx1', 'ChAdOx1-S', 'Oxford AstraZeneca'],
  PFIZER: ['Pfizer', 'BioNTech', 'Pfizer BioNTech', 'BNT162b2', 'Pfizer trẻ em', 'Pfizer nhi'],
  MODERNA: ['mRNA-1273', 'Moderna Spikevax'],
  VEROCELL: ['Vero Cell', 'Vero', 'Sinopharm', 'BBIBP', 'Sinopharm BIBP', 'Vero Cell Sinopharm'],
  HAYATVAX: ['Hayat Vax', 'Hayat'],
  SPUTNIKV: ['Sputnik', 'Sputnik-V', 'Gamaleya', 'Gam-COVID-Vac Sputnik V'],
  ABDALA: ['CIGB-66'],
  JANSSEN: ['J&J', 'JnJ', 'Johnson & Johnson', 'Johnson and Johnson', 'Johnson', 'Ad26.COV2.S'],
};

/** Misspellings seen on legacy sheets (exact: false). */
const MISSPELLINGS: Record<string, readonly string[]> = {
  AZ: ['Asztrazeneca', 'Astrazenica', 'Astrazeneka', 'Atrazeneca', 'Astrageneca', 'Axtra', 'Astra Zenica'],
  PFIZER: ['Phizer', 'Pfizơ', 'Phizơ', 'Fizer', 'Pfizez', 'Pifzer', 'Pfize', 'Phai zơ'],
  MODERNA: ['Modena', 'Moderma', 'Madoena', 'Modecna', 'Mordena'],
  VEROCELL: ['Verocel', 'Vero Xen', 'Veroxen', 'Verocell Sinophamr', 'Sinophap', 'Sinopham'],
  HAYATVAX: ['Hayatvac', 'Hayad Vax'],
  SPUTNIKV: ['Sputnick', 'Sputnick V', 'Spuntik', 'Sputnich'],
  ABDALA: ['Abdalla', 'Apdala'],
  JANSSEN: ['Jansen', 'Janssen J&J', 'Jassen'],
};

const PREFIX = /^(?:vac ?xin|vaccine|vacxin|vaxin|vacin|vx|vc)(?=[a-z0-9])/;

/** Lower case, no accents (đ → d), letters and digits only. */
export function vaccineKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function words(value: string): string[] {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .split(/[^a-z0-9&]+/)
    .map((w) => w.replace(/&/g, ''))
    .filter(Boolean);
}

interface Known {
  code: string;
  exact: boolean;
}

const KNOWN = new Map<string, Known>();
const CODES = new Set(catalogue.products.map((p) => p.code));

function add(code: string, form: string, exact: boolean) {
  const key = vaccineKey(form);
  if (!key || !CODES.has(code)) return;
  const known = KNOWN.get(key);
  if (known && known.code !== code)
    throw new Error(`vaccine-names: "${form}" names ${known.code} and ${code}`);
  if (!known || (exact && !known.exact)) KNOWN.set(key, { code, exact });
}

for (const p of catalogue.products) {
  for (const form of [p.code, p.name, p.brand, p.manufacturer]) add(p.code, form, true);
}
for (const [code, forms] of Object.entries(SHORT_FORMS)) for (const form of forms) add(code, form, true);
for (const [code, forms] of Object.entries(MISSPELLINGS)) for (const form of forms) add(code, form, false);

/** Optimal string alignment distance (substitution, insertion, deletion, transposition), capped. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

function allowedDistance(key: string): number {
  return key.length >= 6 ? 2 : key.length >= 4 ? 1 : 0;
}

function nearest(key: string): VaccineNameMatch | null {
  const max = allowedDistance(key);
  if (max === 0) return null;
  let best = max + 1;
  let codes = new Set<string>();
  for (const [known, { code }] of KNOWN) {
    if (known.length < 4) continue;
    const d = editDistance(key, known, Math.min(max, allowedDistance(known)));
    if (d > Math.min(max, allowedDistance(known))) continue;
    if (d < best) {
      best = d;
      codes = new Set([code]);
    } else if (d === best) codes.add(code);
  }
  if (codes.size !== 1) return null;
  return { code: [...codes][0], exact: false };
}

/** Words and adjacent word pairs that name a code on their own ("Pfizer (Comirnaty)", "AZ - lô 123"). */
function byWords(raw: string): VaccineNameMatch | 'ambiguous' | null {
  const list = words(raw);
  if (list.length < 2) return null;
  const found = new Map<string, boolean>();
  for (let i = 0; i < list.length; i++) {
    for (const piece of [list[i], i + 1 < list.length ? list[i] + list[i + 1] : '']) {
      const known = piece ? KNOWN.get(piece) : undefined;
      if (known) found.set(known.code, (found.get(known.code) ?? true) && known.exact);
    }
  }
  if (found.size > 1) return 'ambiguous';
  if (found.size === 0) return null;
  const [[code, exact]] = found;
  return { code, exact };
}

const cache = new Map<string, VaccineNameMatch | null>();
const CACHE_LIMIT = 10_000;

function match(raw: string): VaccineNameMatch | null {
  let key = vaccineKey(raw);
  if (!key) return null;
  const direct = KNOWN.get(key);
  if (direct) return { code: direct.code, exact: direct.exact };
  const stripped = key.replace(PREFIX, '');
  if (stripped !== key) {
    key = stripped;
    const known = KNOWN.get(key);
    if (known) return { code: known.code, exact: known.exact };
  }
  const fromWords = byWords(raw);
  if (fromWords === 'ambiguous') return null;
  return fromWords ?? nearest(key);
}

/** The catalogue code a vaccine name means, or null when unknown or ambiguous. */
export function matchVaccineName(raw: string): VaccineNameMatch | null {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached && { ...cached };
  const result = match(raw);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(raw, result);
  return result && { ...result };
}
