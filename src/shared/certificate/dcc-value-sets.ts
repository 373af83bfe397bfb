import countries from '../../../reference/eu-dcc/valuesets/country-2-codes.json' with { type: 'json' };
import diseases from '../../../reference/eu-dcc/valuesets/disease-agent-targeted.json' with { type: 'json' };
import testResults from '../../../reference/eu-dcc/valuesets/test-result.json' with { type: 'json' };
import testTypes from '../../../reference/eu-dcc/valuesets/test-type.json' with { type: 'json' };
import manufacturers from '../../../reference/eu-dcc/valuesets/vaccine-mah-manf.json' with { type: 'json' };
import products from '../../../reference/eu-dcc/valuesets/vaccine-medicinal-product.json' with {
  type: 'json',
};
import prophylaxis from '../../../reference/eu-dcc/valuesets/vaccine-prophylaxis.json' with { type: 'json' };

/**
 * EU DCC value sets (release 2.12.0, reference/eu-dcc/valuesets): the codes a certificate's entries
 * must use, and their display names for the verifier's summary. Test device codes (`ma` of a test)
 * change too often to check here.
 */

type ValueSetFile = { valueSetValues: Record<string, { display: string }> };
const keys = (file: ValueSetFile) => new Set(Object.keys(file.valueSetValues));

export const VALUE_SETS = {
  tg: keys(diseases),
  vp: keys(prophylaxis),
  mp: keys(products),
  ma: keys(manufacturers),
  co: keys(countries),
  tt: keys(testTypes),
  tr: keys(testResults),
};

const CHECKED: Record<'v' | 't' | 'r', (keyof typeof VALUE_SETS)[]> = {
  v: ['tg', 'vp', 'mp', 'ma', 'co'],
  t: ['tg', 'tt', 'tr', 'co'],
  r: ['tg', 'co'],
};

/** Codes outside the value sets, as `/v/0/mp: not in value set` (no values: they may be personal). */
export function checkValueSets(dcc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const group of ['v', 't', 'r'] as const) {
    const entries = dcc[group];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: Record<string, unknown>, i) => {
      for (const field of CHECKED[group]) {
        const value = entry?.[field];
        if (value !== undefined && !VALUE_SETS[field].has(String(value)))
          problems.push(`/${group}/${i}/${field}: not in the EU DCC value set`);
      }
    });
  }
  return problems;
}

/** The display name of a code (product, manufacturer, disease…), or the code itself. */
export function displayName(field: 'tg' | 'vp' | 'mp' | 'ma', code: string): string {
  const file = { tg: diseases, vp: prophylaxis, mp: products, ma: manufacturers }[field] as ValueSetFile;
  return file.valueSetValues[code]?.display ?? code;
}
