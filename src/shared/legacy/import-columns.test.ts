import { describe, expect, it } from 'vitest';
import {
  fieldForHeader,
  HEADER_ALIASES,
  IMPORT_FIELD_KEYS,
  IMPORT_FIELDS,
  missingRequiredFields,
  suggestMapping,
} from './import-columns.ts';

describe('IMPORT_FIELDS', () => {
  it('lists the contract columns in template order with their Vietnamese headers', () => {
    expect(IMPORT_FIELDS.map((f) => f.key)).toEqual([...IMPORT_FIELD_KEYS]);
    expect(IMPORT_FIELDS.map((f) => f.header)).toEqual([
      'Mã dòng',
      'Họ và tên',
      'Ngày sinh',
      'Giới tính',
      'Số CCCD/CMND',
      'Số điện thoại',
      'Tỉnh/Thành phố',
      'Quận/Huyện',
      'Xã/Phường',
      'Địa chỉ',
      'Mũi số',
      'Ngày tiêm',
      'Tên vắc xin',
      'Số lô',
      'Mã cơ sở tiêm',
    ]);
    expect(IMPORT_FIELDS.filter((f) => f.required).map((f) => f.key)).toEqual([
      'fullName',
      'birthDate',
      'doseNumber',
      'givenOn',
      'vaccine',
    ]);
  });

  it('maps its own headers, Vietnamese and English, to themselves', () => {
    for (const field of IMPORT_FIELDS) {
      expect(fieldForHeader(field.header)).toBe(field.key);
      expect(fieldForHeader(field.headerEn)).toBe(field.key);
    }
  });
});

describe('HEADER_ALIASES / suggestMapping', () => {
  it.each([
    ['Ho ten', 'fullName'],
    ['Họ tên', 'fullName'],
    ['HỌ VÀ TÊN', 'fullName'],
    ['Ten', 'fullName'],
    ['NgaySinh', 'birthDate'],
    ['ngay_sinh', 'birthDate'],
    ['Ngày sinh (dd/mm/yyyy)', 'birthDate'],
    ['CMND', 'idNumber'],
    ['CCCD', 'idNumber'],
    ['Số CMND/CCCD', null],
    ['SĐT', 'phone'],
    ['SDT', 'phone'],
    ['Loại vắc xin', 'vaccine'],
    ['Ngày tiêm chủng', 'givenOn'],
    ['Mũi tiêm', 'doseNumber'],
    ['Họ tên *', 'fullName'],
    ['Phường/Xã', 'commune'],
    ['Quận', 'district'],
    ['STT', null],
    ['Ghi chú', null],
    ['constructor', null],
    ['toString', null],
    ['__proto__', null],
  ])('%s → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('keys aliases without accents, case or punctuation', () => {
    for (const key of Object.keys(HEADER_ALIASES)) expect(key).toMatch(/^[a-z0-9]+$/);
  });

  it('gives each field to its first header only and null to unknown headers', () => {
    const mapping = suggestMapping([
      'STT',
      'Họ tên',
      'Tên',
      'NgaySinh',
      'Mũi',
      'Ngày tiêm',
      'Vắc xin',
      'Ghi chú',
    ]);
    expect(mapping).toEqual({
      STT: null,
      'Họ tên': 'fullName',
      Tên: null,
      NgaySinh: 'birthDate',
      Mũi: 'doseNumber',
      'Ngày tiêm': 'givenOn',
      'Vắc xin': 'vaccine',
      'Ghi chú': null,
    });
    expect(missingRequiredFields(mapping)).toEqual([]);
    expect(missingRequiredFields(suggestMapping(['Họ tên', 'Ngày sinh']))).toEqual([
      'doseNumber',
      'givenOn',
      'vaccine',
    ]);
  });

  it('keeps headers named like object properties as plain headers', () => {
    const mapping = suggestMapping(['constructor', 'Họ tên', 'toString', '__proto__']);
    expect(Object.keys(mapping)).toEqual(['constructor', 'Họ tên', 'toString', '__proto__']);
    expect(Object.values(mapping)).toEqual([null, 'fullName', null, null]);
    expect(JSON.stringify(mapping)).toBe(
      '{"constructor":null,"Họ tên":"fullName","toString":null,"__proto__":null}',
    );
  });

  it('maps the template header row completely', () => {
    const mapping = suggestMapping(IMPORT_FIELDS.map((f) => f.header));
    expect(Object.values(mapping)).toEqual([...IMPORT_FIELD_KEYS]);
  });
});
