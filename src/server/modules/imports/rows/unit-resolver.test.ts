import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_ENGINES } from '../../../../../test/helpers/test-app.ts';
import type { Database } from '../../../db/database.ts';
import { loadUnitResolver, type UnitResolver } from './unit-resolver.ts';

describe.each(TEST_ENGINES)('unit resolver (%s)', (engine) => {
  let database: Database;
  let resolver: UnitResolver;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    resolver = await loadUnitResolver(database.db);
  });
  afterAll(() => database?.close());

  const resolve = (province: string | null, commune: string | null, district: string | null = null) =>
    resolver.resolve({ province, district, commune });

  it('maps an old Hà Nội ward, by name or by code, to the 2025 ward it went into wholly', () => {
    expect(resolve('Hà Nội', 'Phường Trúc Bạch', 'Quận Ba Đình')).toEqual({
      unitId: '2025-00004',
      matchedVia: 'old-name',
      ambiguous: false,
      original: 'Phường Trúc Bạch, Quận Ba Đình, Hà Nội',
      provinceId: '2025-01',
    });
    for (const province of ['Thành phố Hà Nội', 'TP. Hà Nội', 'ha noi', 'HN', '01', '1', null]) {
      expect(resolve(province, 'P. Trúc Bạch')).toMatchObject({
        unitId: '2025-00004',
        matchedVia: 'old-name',
      });
      expect(resolve(province, 'truc bach')).toMatchObject({ unitId: '2025-00004', ambiguous: false });
    }
    // 00004 is Trúc Bạch before 2025 and Ba Đình after: both readings agree.
    expect(resolve('Hà Nội', '00004')).toMatchObject({
      unitId: '2025-00004',
      matchedVia: 'new-code',
      ambiguous: false,
    });
    expect(resolve(null, '4')).toMatchObject({ unitId: '2025-00004', matchedVia: 'new-code' });
  });

  it('reads 2025 names and codes', () => {
    expect(resolve('Hà Nội', 'Phường Ba Đình')).toMatchObject({
      unitId: '2025-00004',
      matchedVia: 'new-name',
      ambiguous: false,
    });
    expect(resolve('Hà Nội', 'Phường Ngọc Hà')).toMatchObject({
      unitId: '2025-00008',
      matchedVia: 'new-name',
    });
    expect(resolve('01', '00008')).toMatchObject({ unitId: '2025-00008', matchedVia: 'new-code' });
  });

  it('marks a new name that was also an old ward split between several wards as ambiguous', () => {
    // Old Phường Ngọc Hà (00016) went partly into Ba Đình, Ngọc Hà and others.
    expect(resolve('Hà Nội', 'Phường Ngọc Hà').ambiguous).toBe(true);
  });

  it('gives the first successor of a split old ward, as ambiguous, by name and by code', () => {
    // Phường Cống Vị (00007) was split between Ngọc Hà (00008) and Giảng Võ (00025); 00007 is no 2025 code.
    expect(resolve('Hà Nội', 'Phường Cống Vị')).toMatchObject({
      unitId: '2025-00008',
      matchedVia: 'old-name',
      ambiguous: true,
    });
    expect(resolve('Hà Nội', '00007')).toMatchObject({
      unitId: '2025-00008',
      matchedVia: 'old-code',
      ambiguous: true,
    });
  });

  it('marks an old name shared by communes of two districts that went to different places as ambiguous', () => {
    // Xã Tân Minh existed in two Hà Nội districts (Sóc Sơn and Thường Tín).
    const result = resolve('Hà Nội', 'Xã Tân Minh', 'Huyện Sóc Sơn');
    expect(result).toMatchObject({ matchedVia: 'old-name', ambiguous: true });
    expect(['2025-00376', '2025-10231']).toContain(result.unitId);
  });

  it('narrows by province, old or new, name or code', () => {
    // Phường Ba Đình: a 2025 ward of Hà Nội, and two pre-2025 wards of Thanh Hóa.
    const thanhHoa = resolve('Thanh Hóa', 'Phường Ba Đình');
    expect(thanhHoa).toMatchObject({ matchedVia: 'old-name', provinceId: '2025-38' });
    expect(thanhHoa.unitId).not.toBe('2025-00004');
    // Hà Giang (old province 02) is part of Tuyên Quang (08) since 2025.
    for (const province of ['Hà Giang', 'Tỉnh Hà Giang', '02', 'Tuyên Quang']) {
      expect(resolve(province, 'Phường Trần Phú')).toMatchObject({
        unitId: '2025-00691',
        provinceId: '2025-08',
      });
    }
    expect(resolve('TP HCM', null)).toMatchObject({ unitId: null, provinceId: '2025-79' });
    expect(resolve('Thừa Thiên Huế', null).provinceId).toBe('2025-46');
    expect(resolve('Hà Giang', null).provinceId).toBe('2025-08');
  });

  it('marks numbered wards of many old districts as ambiguous', () => {
    expect(resolve('Hồ Chí Minh', 'Phường 1')).toMatchObject({ matchedVia: 'old-name', ambiguous: true });
    expect(resolve('Hồ Chí Minh', 'Phường 01').ambiguous).toBe(true);
  });

  it('answers null for unknown or missing communes, keeping the original', () => {
    expect(resolve('Hà Nội', 'Xã Không Có Thật', 'Huyện Xưa')).toEqual({
      unitId: null,
      matchedVia: null,
      ambiguous: false,
      original: 'Xã Không Có Thật, Huyện Xưa, Hà Nội',
      provinceId: '2025-01',
    });
    expect(resolve('Hà Nội', '99999').unitId).toBeNull();
    expect(resolve(null, null)).toEqual({
      unitId: null,
      matchedVia: null,
      ambiguous: false,
      original: '',
      provinceId: null,
    });
    // A commune of another province is not found when the province is known.
    expect(resolve('Cà Mau', 'Phường Trúc Bạch').unitId).toBeNull();
  });

  it('takes the first part of a commune column that also holds the district', () => {
    expect(resolve('Hà Nội', 'Phường Trúc Bạch, Quận Ba Đình')).toMatchObject({ unitId: '2025-00004' });
  });

  it('reads accents, case and Unicode forms alike, and answers from its cache', () => {
    const a = resolve('HÀ NỘI', 'PHƯỜNG TRÚC BẠCH'.normalize('NFD'));
    const b = resolve('ha noi', 'phuong truc bach');
    expect(a.unitId).toBe('2025-00004');
    expect(b.unitId).toBe('2025-00004');
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) resolve('Hà Nội', 'Phường Trúc Bạch', 'Quận Ba Đình');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
