import type { Random } from './random.ts';

/** Family names with their approximate share of the population. */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 4],
  ['Huỳnh', 1.5],
  ['Phan', 4.5],
  ['Vũ', 3],
  ['Võ', 1.5],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Trịnh', 0.6],
  ['Đào', 0.6],
  ['Mai', 0.5],
  ['Cao', 0.4],
  ['Lương', 0.4],
  ['Tạ', 0.3],
  ['Hà', 0.4],
];

const MIDDLE = {
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Thành', 'Gia', 'Anh', 'Xuân', 'Tiến', 'Mạnh', 'Ngọc'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Phương', 'Minh', 'Khánh', 'Bích', 'Thùy', 'Mai', 'Diệu'],
} as const;

const GIVEN = {
  male: [
    'Anh',
    'Bình',
    'Cường',
    'Dũng',
    'Đức',
    'Hải',
    'Hiếu',
    'Hùng',
    'Huy',
    'Khoa',
    'Long',
    'Minh',
    'Nam',
    'Phong',
    'Quân',
    'Sơn',
    'Thắng',
    'Tuấn',
    'Việt',
    'Vinh',
    'Khải',
    'Lộc',
    'Nghĩa',
    'Phúc',
    'Thịnh',
    'Trung',
    'Đạt',
    'Tùng',
  ],
  female: [
    'Anh',
    'Châu',
    'Dung',
    'Giang',
    'Hà',
    'Hằng',
    'Hạnh',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'My',
    'Ngân',
    'Nhung',
    'Oanh',
    'Phương',
    'Quỳnh',
    'Thảo',
    'Trang',
    'Tuyết',
    'Vân',
    'Yến',
    'Thủy',
    'Ngọc',
    'Liên',
    'Hiền',
  ],
} as const;

const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Trãi',
  'Hai Bà Trưng',
  'Quang Trung',
  'Lý Thường Kiệt',
  'Hoàng Diệu',
  'Điện Biên Phủ',
  'Phan Đình Phùng',
  'Nguyễn Du',
  'Bà Triệu',
  'Lê Duẩn',
  'Trường Chinh',
  'Giải Phóng',
];

/** A plausible Vietnamese full name for the given sex, with diacritics, in NFC. */
export function fullName(random: Random, sex: 'male' | 'female'): string {
  const surname = random.weighted(SURNAMES);
  const middle = random.pick(MIDDLE[sex]);
  const given = random.pick(GIVEN[sex]);
  const second = random.chance(0.15) ? `${random.pick(GIVEN[sex])} ` : '';
  return `${surname} ${middle} ${second}${given}`.normalize('NFC');
}

/** A house-level address line: street addresses in wards, hamlets in rural communes. */
export function addressLine(random: Random, communeKind: string): string {
  if (communeKind === 'Phường') {
    const alley = random.chance(0.4) ? `ngõ ${random.int(1, 300)}, ` : '';
    return `Số ${random.int(1, 250)}, ${alley}đường ${random.pick(STREETS)}`;
  }
  return random.chance(0.5)
    ? `Thôn ${random.int(1, 12)}`
    : `Xóm ${random.pick(['Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Mới'])}`;
}
