/**
 * The dose-import template (issue 6 import contract): its columns as data, the other headers legacy
 * files use for them, and a header → field suggestion for the mapping step.
 */

export const IMPORT_FIELD_KEYS = [
  'sourceRowId',
  'fullName',
  'birthDate',
  'sex',
  'idNumber',
  'phone',
  'province',
  'district',
  'commune',
  'address',
  'doseNumber',
  'givenOn',
  'vaccine',
  'lotNumber',
  'facilityCode',
] as const;

export type ImportFieldKey = (typeof IMPORT_FIELD_KEYS)[number];

export interface ImportField {
  key: ImportFieldKey;
  /** The template's header (Vietnamese). */
  header: string;
  headerEn: string;
  required: boolean;
  example: string;
  /** What the column takes, for the template's notes sheet. */
  note: { vi: string; en: string };
}

export const IMPORT_FIELDS: readonly ImportField[] = [
  {
    key: 'sourceRowId',
    header: 'Mã dòng',
    headerEn: 'Row ID',
    required: false,
    example: 'HK-2021-000123',
    note: {
      vi: 'Mã bản ghi trong phần mềm cũ; có thì nhập lại tệp không tạo bản ghi trùng',
      en: "The legacy system's record id; when present, re-importing never duplicates the row",
    },
  },
  {
    key: 'fullName',
    header: 'Họ và tên',
    headerEn: 'Full name',
    required: true,
    example: 'Nguyễn Văn An',
    note: { vi: 'Bắt buộc', en: 'Required' },
  },
  {
    key: 'birthDate',
    header: 'Ngày sinh',
    headerEn: 'Date of birth',
    required: true,
    example: '15/03/1985',
    note: {
      vi: 'Bắt buộc; dd/mm/yyyy, yyyy-mm-dd hoặc ô ngày Excel; chỉ năm sinh là chưa đủ',
      en: 'Required; dd/mm/yyyy, yyyy-mm-dd or an Excel date cell; a year alone is not enough',
    },
  },
  {
    key: 'sex',
    header: 'Giới tính',
    headerEn: 'Sex',
    required: false,
    example: 'Nam',
    note: { vi: 'Nam / Nữ', en: 'Nam (male) / Nữ (female), M / F' },
  },
  {
    key: 'idNumber',
    header: 'Số CCCD/CMND',
    headerEn: 'ID number (CCCD/CMND)',
    required: false,
    example: '001085012345',
    note: { vi: 'CCCD 12 số hoặc CMND 9 số', en: '12-digit CCCD or 9-digit CMND' },
  },
  {
    key: 'phone',
    header: 'Số điện thoại',
    headerEn: 'Phone',
    required: false,
    example: '0912345678',
    note: { vi: 'Số cũ 11 số được đổi sang số mới', en: 'Old 11-digit numbers are converted' },
  },
  {
    key: 'province',
    header: 'Tỉnh/Thành phố',
    headerEn: 'Province',
    required: false,
    example: 'Hà Nội',
    note: {
      vi: 'Tên hoặc mã, trước hoặc sau sáp nhập 2025',
      en: 'Name or code, before or after the 2025 merger',
    },
  },
  {
    key: 'district',
    header: 'Quận/Huyện',
    headerEn: 'District',
    required: false,
    example: 'Ba Đình',
    note: { vi: 'Tên quận/huyện cũ, được lưu nguyên văn', en: 'Old district name, kept as written' },
  },
  {
    key: 'commune',
    header: 'Xã/Phường',
    headerEn: 'Commune',
    required: false,
    example: 'Phường Trúc Bạch',
    note: {
      vi: 'Tên hoặc mã xã/phường cũ hoặc mới; được đổi sang xã/phường từ 01/07/2025',
      en: 'Old or new commune name or code; mapped to the commune in force from 1 July 2025',
    },
  },
  {
    key: 'address',
    header: 'Địa chỉ',
    headerEn: 'Address',
    required: false,
    example: 'Số 12, ngõ 5, đường Quán Thánh',
    note: { vi: 'Số nhà, thôn, xóm', en: 'House number, street, hamlet' },
  },
  {
    key: 'doseNumber',
    header: 'Mũi số',
    headerEn: 'Dose number',
    required: true,
    example: '1',
    note: { vi: 'Bắt buộc; 1–10', en: 'Required; 1–10' },
  },
  {
    key: 'givenOn',
    header: 'Ngày tiêm',
    headerEn: 'Date given',
    required: true,
    example: '20/08/2021',
    note: {
      vi: 'Bắt buộc; không sau hôm nay, không trước 08/03/2021',
      en: 'Required; not in the future, not before 8 March 2021',
    },
  },
  {
    key: 'vaccine',
    header: 'Tên vắc xin',
    headerEn: 'Vaccine',
    required: true,
    example: 'AstraZeneca',
    note: {
      vi: 'Tên, tên thương mại hoặc hãng (AstraZeneca, Pfizer, Moderna, Vero Cell, …)',
      en: 'Name, brand or maker (AstraZeneca, Pfizer, Moderna, Vero Cell, …)',
    },
  },
  {
    key: 'lotNumber',
    header: 'Số lô',
    headerEn: 'Lot number',
    required: false,
    example: 'ABV5811',
    note: { vi: 'Không bắt buộc', en: 'Optional' },
  },
  {
    key: 'facilityCode',
    header: 'Mã cơ sở tiêm',
    headerEn: 'Facility code',
    required: false,
    example: '',
    note: {
      vi: 'Để trống: cơ sở đã chọn khi tải tệp lên',
      en: 'Empty: the facility chosen for the upload',
    },
  },
];

/** Other headers legacy files use, per field (compared without accents, case, spaces or punctuation). */
const OTHER_HEADERS: Record<ImportFieldKey, readonly string[]> = {
  sourceRowId: ['Mã bản ghi', 'ID bản ghi', 'Mã mũi tiêm', 'Record ID', 'Row ID', 'Source row ID', 'ID'],
  fullName: [
    'Họ tên',
    'Tên',
    'Họ và tên đối tượng',
    'Tên đối tượng',
    'Họ tên người tiêm',
    'Họ tên người được tiêm',
    'Full name',
    'Name',
  ],
  birthDate: ['Ngày tháng năm sinh', 'Năm sinh', 'Ngày/tháng/năm sinh', 'Date of birth', 'DOB', 'Birth date'],
  sex: ['Phái', 'Giới', 'Nam/Nữ', 'Sex', 'Gender'],
  idNumber: [
    'CCCD',
    'CMND',
    'CMND/CCCD',
    'Số CCCD',
    'Số CMND',
    'Số CMT',
    'CMT',
    'Căn cước',
    'Số căn cước công dân',
    'Số định danh',
    'Số định danh cá nhân',
    'Mã định danh',
    'Giấy tờ tùy thân',
    'Số giấy tờ tùy thân',
    'ID number',
    'National ID',
  ],
  phone: ['SĐT', 'Điện thoại', 'ĐT', 'Di động', 'Số di động', 'Số ĐT', 'Phone', 'Phone number', 'Mobile'],
  province: ['Tỉnh', 'Tỉnh/TP', 'Tỉnh thành', 'Thành phố', 'Tỉnh/Thành', 'Province'],
  district: ['Quận', 'Huyện', 'Quận/Huyện/Thị xã', 'Huyện/Quận', 'District'],
  commune: ['Phường/Xã', 'Xã', 'Phường', 'Xã/Phường/Thị trấn', 'Phường xã', 'Commune', 'Ward'],
  address: [
    'Địa chỉ thường trú',
    'Địa chỉ cư trú',
    'Nơi ở',
    'Nơi ở hiện tại',
    'Số nhà',
    'Thôn/Xóm',
    'Address',
  ],
  doseNumber: ['Mũi', 'Mũi tiêm', 'Mũi thứ', 'Mũi tiêm thứ', 'Lần tiêm', 'Dose', 'Dose number', 'Dose no'],
  givenOn: ['Ngày tiêm chủng', 'Ngày', 'Thời gian tiêm', 'Date', 'Date given', 'Vaccination date'],
  vaccine: ['Vắc xin', 'Loại vắc xin', 'Tên vaccine', 'Loại vaccine', 'Vaccine', 'Vacxin', 'Vaccine name'],
  lotNumber: ['Lô', 'Lô vắc xin', 'Số lô vắc xin', 'Lot', 'Lot number', 'Batch'],
  facilityCode: ['Mã cơ sở', 'Mã điểm tiêm', 'Mã CSYT', 'Mã cơ sở y tế', 'Facility code', 'Facility'],
};

/** A header compared for mapping: no accents, lower case, letters and digits only ("Họ và tên" → "hovaten"). */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Header keys → field: the template's Vietnamese and English headers and the other common headers. */
export const HEADER_ALIASES: Readonly<Record<string, ImportFieldKey>> = (() => {
  const aliases: Record<string, ImportFieldKey> = {};
  const add = (header: string, key: ImportFieldKey) => {
    const k = headerKey(header);
    if (aliases[k] && aliases[k] !== key) throw new Error(`import-columns: "${header}" names two fields`);
    aliases[k] = key;
  };
  for (const field of IMPORT_FIELDS) {
    add(field.header, field.key);
    add(field.headerEn, field.key);
  }
  for (const [key, headers] of Object.entries(OTHER_HEADERS)) {
    for (const header of headers) add(header, key as ImportFieldKey);
  }
  return aliases;
})();

/** The field a header names, also with a note in brackets removed ("Ngày sinh (dd/mm/yyyy)", "Họ tên *"). */
export function fieldForHeader(header: string): ImportFieldKey | null {
  const bare = header.replace(/\([^)]*\)|\[[^\]]*\]|\*/g, ' ');
  return aliasOf(headerKey(header)) ?? aliasOf(headerKey(bare));
}

function aliasOf(key: string): ImportFieldKey | null {
  return Object.hasOwn(HEADER_ALIASES, key) ? HEADER_ALIASES[key] : null;
}

/**
 * Suggests a field for each header; a field goes to its first header only (later ones get null), and
 * unknown headers get null. Keys of the result are the headers as given.
 */
export function suggestMapping(headers: string[]): Record<string, ImportFieldKey | null> {
  const used = new Set<ImportFieldKey>();
  // No prototype: a header may be called "__proto__" or "constructor".
  const mapping: Record<string, ImportFieldKey | null> = Object.create(null);
  for (const header of headers) {
    if (Object.hasOwn(mapping, header)) continue;
    const field = fieldForHeader(header);
    if (field && !used.has(field)) {
      used.add(field);
      mapping[header] = field;
    } else mapping[header] = null;
  }
  return mapping;
}

/** The required fields a mapping leaves without a column. */
export function missingRequiredFields(mapping: Record<string, ImportFieldKey | null>): ImportFieldKey[] {
  const mapped = new Set(Object.values(mapping));
  return IMPORT_FIELDS.filter((f) => f.required && !mapped.has(f.key)).map((f) => f.key);
}
