/** Messages of site tallies, completeness and the data-quality report (vi first, en second). */
export const qualityMessages = {
  'tally.facility_required': {
    vi: 'Cần chọn cơ sở tiêm (facilityId hoặc facilityCode)',
    en: 'Name the facility (facilityId or facilityCode)',
  },
  'tally.facility_not_found': {
    vi: 'Không tìm thấy cơ sở {facility} trong phạm vi của bạn',
    en: 'Facility {facility} was not found within your reach',
  },
  'tally.vaccine_unknown': {
    vi: 'Vắc xin “{vaccine}” không có trong danh mục',
    en: 'Vaccine “{vaccine}” is not in the catalogue',
  },
  'tally.duplicate': {
    vi: 'Trùng cơ sở, ngày và vắc xin với dòng {index}',
    en: 'Same facility, day and vaccine as item {index}',
  },
  'quality.unit_or_facility': {
    vi: 'Chọn một đơn vị hành chính hoặc một cơ sở, không chọn cả hai',
    en: 'Give an administrative unit or a facility, not both',
  },
  'quality.dose_interval': {
    vi: 'Mũi {dose} cách mũi trước {days} ngày; {vaccine} cần ít nhất {minDays} ngày',
    en: 'Dose {dose} came {days} days after the previous one; {vaccine} needs at least {minDays}',
  },
  'quality.dose_future': {
    vi: 'Ngày tiêm {date} ở tương lai',
    en: 'The dose is dated {date}, in the future',
  },
  'quality.dose_before_campaign': {
    vi: 'Ngày tiêm {date} trước khi chiến dịch bắt đầu ({start})',
    en: 'The dose is dated {date}, before the campaign began ({start})',
  },
  'quality.lot_unknown': {
    vi: 'Lô “{lot}” của {vaccine} không có trong danh mục lô',
    en: 'Lot “{lot}” of {vaccine} is not a registered lot',
  },
  'quality.no_cccd': {
    vi: 'Người trưởng thành chưa có số CCCD',
    en: 'An adult without a CCCD number',
  },
  'quality.duplicate_phone': {
    vi: 'Trùng họ tên, ngày sinh và số điện thoại',
    en: 'Same name, birth date and phone',
  },
  'quality.duplicate_commune': {
    vi: 'Trùng họ tên, ngày sinh và xã/phường',
    en: 'Same name, birth date and commune',
  },
} as const;
