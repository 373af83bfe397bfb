/**
 * What a Vietnamese screen or printout must not show: an ISO date (2026-12-16 instead of 16/12/2026),
 * an i18n key or code that was never translated ("person.read_vaccination", "site.day.colName"), a
 * vaccine's catalogue code where its name belongs ("PFIZER"), or an English phrase outside the proper
 * names and abbreviations Vietnamese text uses as they are.
 */

/** Names and abbreviations a Vietnamese text uses as they are. */
export const ALLOWED_NAMES = [
  'SMART Health Card',
  'SMART Health Cards',
  'EU Digital COVID Certificate',
  'EU DCC',
  'COVID-19',
  'Pfizer-BioNTech',
  'AstraZeneca',
  'Moderna',
  'Sinopharm Vero Cell',
  'Sputnik V',
  'Hayat-Vax',
  'Abdala',
  'Janssen',
  'Comirnaty',
  'Spikevax',
  'Vaxzevria',
  'OpenAPI',
  'Web Push',
  'TOTP',
];

/** Catalogue codes that must show as the vaccine's name (reference/vaccines.json). */
const VACCINE_CODES = ['PFIZER', 'MODERNA', 'VEROCELL', 'SPUTNIKV', 'HAYATVAX', 'ABDALA', 'JANSSEN', 'AZ'];

/** English words that have no business in a Vietnamese sentence. */
const ENGLISH =
  /\b(?:the|and|of|is|are|with|from|your|this|that|Loading|Error|Save|Cancel|Search|Submit|Dose|Doses|Valid|Invalid|Revoked|Expired|Ministry|Health|Not found|Sign in|Sign out|Back|Next|Skip|Download|Upload|Failed|Please|Pending|Scheduled|Vaccinated|Deferred|Cancelled|Checked in|Unknown|None|null|undefined|NaN)\b/;

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
/** A dotted code with an underscore or camelCase part (i18n keys, audit actions), not a URL or username. */
const RAW_KEY = /\b[a-z][a-z]*(?:\.[a-z][a-zA-Z]*)*\.(?:[a-z]+_[a-z_]+|[a-z]+[A-Z][a-zA-Z]*)\b/;

export interface LanguageProblem {
  kind: 'iso_date' | 'raw_key' | 'vaccine_code' | 'english';
  match: string;
  context: string;
}

/** The problems of one text read in Vietnamese; empty when it reads right. */
export function vietnameseProblems(text: string): LanguageProblem[] {
  let rest = text.replace(/https?:\/\/\S+/g, ' ');
  for (const name of ALLOWED_NAMES) rest = rest.split(name).join(' ');
  const problems: LanguageProblem[] = [];
  const find = (kind: LanguageProblem['kind'], re: RegExp) => {
    const global = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
    for (const m of rest.matchAll(global)) {
      const at = m.index ?? 0;
      problems.push({
        kind,
        match: m[0],
        context: rest.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' '),
      });
    }
  };
  find('iso_date', ISO_DATE);
  find('raw_key', RAW_KEY);
  find('vaccine_code', new RegExp(`\\b(?:${VACCINE_CODES.join('|')})\\b`));
  find('english', ENGLISH);
  return problems;
}
