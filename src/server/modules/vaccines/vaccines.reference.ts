import { insertInBatches, type ReferenceDataset } from '../../db/reference-loader.ts';
import type { VaccineInterval, VaccineNotes } from '../../db/schema.ts';

interface VaccinesFile {
  products: {
    code: string;
    name: string;
    brand: string;
    manufacturer: string;
    platform: string;
    euMp: string;
    euMa: string;
    euVp: string;
    dosesInSeries: number;
    intervals: VaccineInterval[];
    mixWith: string[];
    minAge: number | null;
    maxAge: number | null;
    notes: VaccineNotes;
  }[];
}

/** The vaccines used in Vietnam (reference/vaccines.json), checked against the EU DCC value sets. */
export const vaccinesDataset: ReferenceDataset = {
  name: 'vaccines',
  files: [
    'vaccines.json',
    'eu-dcc/valuesets/vaccine-medicinal-product.json',
    'eu-dcc/valuesets/vaccine-mah-manf.json',
    'eu-dcc/valuesets/vaccine-prophylaxis.json',
  ],
  loaderVersion: 1,
  async load(trx, read) {
    const file = JSON.parse(read('vaccines.json')) as VaccinesFile;
    const valueSet = (name: string) =>
      Object.keys(
        (JSON.parse(read(`eu-dcc/valuesets/${name}.json`)) as { valueSetValues: object }).valueSetValues,
      );
    const mp = valueSet('vaccine-medicinal-product');
    const ma = valueSet('vaccine-mah-manf');
    const vp = valueSet('vaccine-prophylaxis');
    const codes = file.products.map((p) => p.code);
    for (const p of file.products) {
      if (!mp.includes(p.euMp)) throw new Error(`vaccines.json: ${p.code} has unknown EU DCC mp ${p.euMp}`);
      if (!ma.includes(p.euMa)) throw new Error(`vaccines.json: ${p.code} has unknown EU DCC ma ${p.euMa}`);
      if (!vp.includes(p.euVp)) throw new Error(`vaccines.json: ${p.code} has unknown EU DCC vp ${p.euVp}`);
      const unknownMix = p.mixWith.filter((c) => !codes.includes(c));
      if (unknownMix.length)
        throw new Error(`vaccines.json: ${p.code} mixes with unknown ${unknownMix.join(', ')}`);
      if (p.intervals.length !== p.dosesInSeries - 1) {
        throw new Error(`vaccines.json: ${p.code} needs ${p.dosesInSeries - 1} intervals`);
      }
    }
    const rows = file.products.map((p, i) => ({
      code: p.code,
      name: p.name,
      brand: p.brand,
      manufacturer: p.manufacturer,
      platform: p.platform,
      eu_mp: p.euMp,
      eu_ma: p.euMa,
      eu_vp: p.euVp,
      doses_in_series: p.dosesInSeries,
      intervals: JSON.stringify(p.intervals),
      mix_with: JSON.stringify(p.mixWith),
      min_age: p.minAge,
      max_age: p.maxAge,
      notes: JSON.stringify(p.notes),
      ordinal: i + 1,
    }));
    for (const row of rows) {
      const { code, ...rest } = row;
      await trx
        .insertInto('vaccine_product')
        .values(row)
        .onConflict((oc) => oc.column('code').doUpdateSet(rest))
        .execute();
    }
    return rows.length;
  },
};

/** EU DCC value sets with a plain `display` per code (the encoding-instructions file is advisory text). */
const VALUE_SET_FILES = [
  'country-2-codes',
  'disease-agent-targeted',
  'test-manf-example',
  'test-result',
  'test-type',
  'vaccine-mah-manf',
  'vaccine-medicinal-product',
  'vaccine-prophylaxis',
];

interface ValueSetFile {
  valueSetId: string;
  valueSetDate: string;
  valueSetValues: Record<string, { display: string; active: boolean; system: string }>;
}

/** EU DCC value sets release 2.12.0 (reference/eu-dcc/valuesets). */
export const euDccValueSetsDataset: ReferenceDataset = {
  name: 'eu-dcc-value-sets',
  files: VALUE_SET_FILES.map((f) => `eu-dcc/valuesets/${f}.json`),
  loaderVersion: 1,
  async load(trx, read) {
    let count = 0;
    for (const fileName of VALUE_SET_FILES) {
      const file = JSON.parse(read(`eu-dcc/valuesets/${fileName}.json`)) as ValueSetFile;
      await trx
        .insertInto('eu_dcc_value_set')
        .values({ id: file.valueSetId, file: fileName, version_date: file.valueSetDate })
        .onConflict((oc) => oc.column('id').doUpdateSet({ file: fileName, version_date: file.valueSetDate }))
        .execute();
      await trx.deleteFrom('eu_dcc_value').where('value_set_id', '=', file.valueSetId).execute();
      const values = Object.entries(file.valueSetValues).map(([code, v]) => ({
        value_set_id: file.valueSetId,
        code,
        display: v.display,
        active: v.active,
        system: v.system,
      }));
      await insertInBatches(values, 500, (batch) => trx.insertInto('eu_dcc_value').values(batch).execute());
      count += values.length;
    }
    return count;
  },
};

interface PriorityGroupsFile {
  sets: {
    code: string;
    nameVi: string;
    nameEn: string;
    legalBasis: string;
    validFrom: string;
    validTo: string | null;
    groups: { code: string; nameVi: string; nameEn: string; documentsVi?: string; documentsEn?: string }[];
  }[];
}

/** Versioned priority-group code tables (Resolution 21/NQ-CP's 9 groups, and later sets). */
export const priorityGroupsDataset: ReferenceDataset = {
  name: 'priority-groups',
  files: ['priority-groups.json'],
  loaderVersion: 1,
  async load(trx, read) {
    const file = JSON.parse(read('priority-groups.json')) as PriorityGroupsFile;
    let count = 0;
    for (const set of file.sets) {
      const setRow = {
        code: set.code,
        name_vi: set.nameVi,
        name_en: set.nameEn,
        legal_basis: set.legalBasis,
        valid_from: set.validFrom,
        valid_to: set.validTo,
      };
      const { code: _code, ...setRest } = setRow;
      await trx
        .insertInto('priority_group_set')
        .values(setRow)
        .onConflict((oc) => oc.column('code').doUpdateSet(setRest))
        .execute();
      for (const [i, g] of set.groups.entries()) {
        const row = {
          set_code: set.code,
          code: g.code,
          ordinal: i + 1,
          name_vi: g.nameVi,
          name_en: g.nameEn,
          documents_vi: g.documentsVi ?? null,
          documents_en: g.documentsEn ?? null,
        };
        const { set_code: _s, code: _c, ...rest } = row;
        await trx
          .insertInto('priority_group')
          .values(row)
          .onConflict((oc) => oc.columns(['set_code', 'code']).doUpdateSet(rest))
          .execute();
        count++;
      }
    }
    return count;
  },
};
