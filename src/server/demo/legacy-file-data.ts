/**
 * Vocabulary of the legacy demo export (`sskdt demo --legacy-file`): how sites wrote vaccine names,
 * the districts of old Hà Nội communes, faulty dates, vaccines the catalogue does not hold.
 */

/** Names as sites typed them: catalogue forms (not a fault) and misspellings (a fault), per code. */
export const VACCINE_FORMS: Record<string, { exact: readonly string[]; misspelled: readonly string[] }> = {
  AZ: {
    exact: ['AstraZeneca', 'Astra', 'AZ', 'Astra Zeneca', 'ASTRAZENECA', 'Vaxzevria'],
    misspelled: ['Asztrazeneca', 'Astrazenica', 'Atrazeneca', 'Astra Zenica', 'Astrazeneka'],
  },
  PFIZER: {
    exact: ['Pfizer', 'Pfizer-BioNTech', 'Comirnaty', 'PFIZER'],
    misspelled: ['Phizer', 'Pfizơ', 'Fizer', 'Pfzer'],
  },
  MODERNA: { exact: ['Moderna', 'Spikevax', 'MODERNA'], misspelled: ['Modena', 'Moderma', 'Mordena'] },
  VEROCELL: {
    exact: ['Vero Cell', 'Verocell', 'Sinopharm', 'Vero Cell (Sinopharm)'],
    misspelled: ['Verocel', 'Vero Xen', 'Sinopham'],
  },
  HAYATVAX: { exact: ['Hayat-Vax', 'Hayat Vax'], misspelled: ['Hayatvac'] },
  SPUTNIKV: { exact: ['Sputnik V', 'Sputnik'], misspelled: ['Sputnick', 'Sputnick V', 'Spuntik'] },
  ABDALA: { exact: ['Abdala'], misspelled: ['Abdalla'] },
  JANSSEN: { exact: ['Janssen', 'J&J'], misspelled: ['Jansen'] },
};

/** Vaccines that are not in the catalogue (the importer must fail these rows). */
export const UNKNOWN_VACCINES = [
  'Covaxin',
  'Nanocovax',
  'Sinovac',
  'CoronaVac',
  'Novavax',
  'Covivac',
] as const;

/** Primary-series vaccine shares, roughly Vietnam's 2021 supply. */
export const PRIMARY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['AZ', 34],
  ['VEROCELL', 26],
  ['PFIZER', 24],
  ['MODERNA', 10],
  ['SPUTNIKV', 2],
  ['HAYATVAX', 1.5],
  ['ABDALA', 1.5],
  ['JANSSEN', 1],
];

/** Booster vaccine shares (2022). */
export const BOOSTER_WEIGHTS: readonly (readonly [string, number])[] = [
  ['PFIZER', 55],
  ['MODERNA', 30],
  ['AZ', 15],
];

/** Lot number shapes per vaccine (letters and digits as on the vials' labels). */
export const LOT_PREFIXES: Record<string, readonly string[]> = {
  AZ: ['ABV', 'ABW', 'MT0', 'PV4'],
  PFIZER: ['FF', 'FK', 'FG', 'FL'],
  MODERNA: ['300', '301', '0001'],
  VEROCELL: ['2021060', '2021070', '2021080'],
  HAYATVAX: ['HV2'],
  SPUTNIKV: ['I-', 'II-'],
  ABDALA: ['A210', 'A211'],
  JANSSEN: ['XD9', '21C'],
};

/**
 * Pre-2025 districts of Hà Nội's inner city with the first commune code of each (codes are given in
 * district order); communes 00001–00373. From the dvhcvn dataset (daohoangson/dvhcvn, MIT), whose
 * 2025 edition is in reference/admin-units. Communes outside these ranges get an empty district.
 */
export const HANOI_INNER_DISTRICTS: readonly (readonly [string, number])[] = [
  ['Quận Ba Đình', 1],
  ['Quận Hoàn Kiếm', 37],
  ['Quận Tây Hồ', 91],
  ['Quận Long Biên', 115],
  ['Quận Cầu Giấy', 157],
  ['Quận Đống Đa', 178],
  ['Quận Hai Bà Trưng', 241],
  ['Quận Hoàng Mai', 301],
  ['Quận Thanh Xuân', 343],
];
const HANOI_INNER_LAST = 373;

/** The old district of a Hà Nội commune code, when it is one of the inner districts. */
export function hanoiDistrict(communeCode: string): string {
  const code = Number(communeCode);
  if (code > HANOI_INNER_LAST) return '';
  let name = '';
  for (const [district, first] of HANOI_INNER_DISTRICTS) if (code >= first) name = district;
  return name;
}

/** Date fields the importer must refuse: impossible dates, month/year swaps, parts missing. */
export const BAD_DATES = [
  '31/02/2021',
  '30/02/2022',
  '2021-13-05',
  '32/01/2021',
  '15/03',
  '00/00/0000',
  'không rõ',
];

/** How the province column was written for Hà Nội. */
export const HANOI_FORMS: readonly (readonly [string, number])[] = [
  ['Hà Nội', 70],
  ['TP. Hà Nội', 15],
  ['Thành phố Hà Nội', 10],
  ['HN', 3],
  ['01', 2],
];

/** Sex as written: mostly Nam/Nữ, sometimes lower case, M/F or 1/0. */
export const SEX_FORMS = {
  male: [
    ['Nam', 90],
    ['nam', 5],
    ['M', 3],
    ['1', 2],
  ],
  female: [
    ['Nữ', 88],
    ['nữ', 4],
    ['nu', 3],
    ['F', 3],
    ['0', 2],
  ],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

/** Age (years, mid-2021) bands and weights of people vaccinated in 2021–2022. */
export const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[12, 17], 9],
  [[18, 29], 22],
  [[30, 39], 20],
  [[40, 49], 18],
  [[50, 59], 15],
  [[60, 64], 7],
  [[65, 74], 6],
  [[75, 92], 3],
];

/** Fault and form rates of the legacy export (per row or per person). */
export const RATES = {
  nfd: 0.05,
  upperName: 0.04,
  communeCode: 0.05,
  missingCommune: 0.03,
  misspelled: 0.08,
  duplicate: 0.01,
  oldPhone: 0.03,
  badDate: 0.01,
  unknownVaccine: 0.003,
  futureDate: 0.002,
  cmnd: 0.1,
  noId: 0.06,
  noLot: 0.1,
};
