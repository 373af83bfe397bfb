/** Messages of the vaccination status engine (vi first, en second). */
export const vaccinationMessages = {
  'status.none': { vi: 'Chưa tiêm mũi nào', en: 'No dose recorded' },
  'status.partial': {
    vi: 'Đã tiêm {count}/{required} mũi cơ bản ({vaccine})',
    en: '{count} of {required} primary doses given ({vaccine})',
  },
  'status.complete': {
    vi: 'Đã tiêm đủ {required} mũi cơ bản ngày {date}',
    en: 'Primary series completed on {date} ({required} doses)',
  },
  'status.boosted': { vi: 'Đã tiêm mũi nhắc ngày {date}', en: 'Booster given on {date}' },
  'status.not_yet_valid': {
    vi: 'Có hiệu lực từ {date} ({days} ngày sau mũi cuối)',
    en: 'Valid from {date} ({days} days after the last primary dose)',
  },
  'status.valid_until': { vi: 'Có hiệu lực đến {date}', en: 'Valid until {date}' },
  'status.expired': {
    vi: 'Đã hết hiệu lực từ {date}; cần tiêm mũi nhắc',
    en: 'Expired on {date}; a booster is due',
  },
  'status.voided': {
    vi: 'Mũi ngày {date} đã bị hủy (nhập sai) và không được tính',
    en: 'The dose of {date} was voided (entered in error) and does not count',
  },
  'status.unknown_vaccine': {
    vi: 'Mũi ngày {date}: vắc xin “{vaccine}” không có trong danh mục nên không được tính',
    en: 'The dose of {date}: vaccine “{vaccine}” is not in the catalogue and does not count',
  },
  'status.interval_short': {
    vi: 'Mũi {dose} cách mũi trước {days} ngày; {vaccine} cần ít nhất {minDays} ngày nên chưa được tính',
    en: 'Dose {dose} was {days} days after the previous one; {vaccine} needs {minDays}, so it does not count',
  },
  'status.mix_forbidden': {
    vi: 'Không được tiêm {vaccine} sau {previous}; mũi ngày {date} không được tính',
    en: '{vaccine} may not follow {previous}; the dose of {date} does not count',
  },
  'status.booster_early': {
    vi: 'Mũi nhắc ngày {date} sớm hơn {minDays} ngày sau liều cơ bản nên không được tính là mũi nhắc',
    en: 'The booster of {date} came less than {minDays} days after the primary series and does not count as one',
  },
  'status.abroad': {
    vi: 'Mũi ngày {date} tiêm ở nước ngoài ({country})',
    en: 'The dose of {date} was given abroad ({country})',
  },
  'status.next_primary': {
    vi: 'Mũi {dose} từ ngày {date}: {options}',
    en: 'Dose {dose} from {date}: {options}',
  },
  'status.next_booster': { vi: 'Mũi nhắc từ ngày {date}: {options}', en: 'Booster from {date}: {options}' },
  'dose.id_reused': {
    vi: 'Mã mũi tiêm này đã được dùng cho một mũi khác',
    en: 'This dose id was already used for a different dose',
  },
  'dose.lot_vaccine': {
    vi: 'Lô vắc xin không thuộc loại vắc xin đã chọn',
    en: 'The lot is not of the chosen vaccine',
  },
  'dose.lot_expired': { vi: 'Lô vắc xin đã hết hạn ngày {date}', en: 'The lot expired on {date}' },
  'dose.number_taken': {
    vi: 'Mũi {number} đã được ghi cho người này; hãy hủy mũi cũ (nhập sai) trước',
    en: 'Dose {number} is already recorded for this person; void the earlier one (entered in error) first',
  },
  'dose.override_required': {
    vi: 'Mũi này không đúng khoảng cách hoặc quy tắc tiêm trộn; cần ghi lý do để vẫn ghi nhận',
    en: 'This dose breaks the interval or mixing rules; give a reason to record it anyway',
  },
  'dose.merge_conflict': {
    vi: 'Hai hồ sơ đều có mũi {number} nhưng khác vắc xin hoặc ngày tiêm; hãy hủy mũi sai trước khi gộp',
    en: 'Both records hold a dose {number} with another vaccine or day; void the wrong one before merging',
  },
  'eligibility.too_young': {
    vi: 'Chưa đủ {minAge} tuổi (hiện {age} tuổi)',
    en: 'Under {minAge} (now {age})',
  },
  'eligibility.too_old': {
    vi: 'Quá {maxAge} tuổi (hiện {age} tuổi) cho đợt tiêm này',
    en: 'Over {maxAge} (now {age}) for this campaign',
  },
  'eligibility.not_due': {
    vi: 'Chưa đến hạn mũi tiếp theo (từ ngày {date})',
    en: 'The next dose is not due yet (from {date})',
  },
  'eligibility.dose_too_early': {
    vi: 'Mũi {dose} chỉ được tiêm từ ngày {date} (ít nhất {minDays} ngày sau mũi ngày {after})',
    en: 'Dose {dose} may be given from {date} (at least {minDays} days after the dose of {after})',
  },
  'eligibility.vaccine_not_allowed': {
    vi: 'Vắc xin của buổi tiêm này không được dùng cho mũi {dose} của người này',
    en: 'This session’s vaccine may not be used for this person’s dose {dose}',
  },
  'eligibility.hospital': {
    vi: 'Đã từng sốc phản vệ với vắc xin COVID-19: cần tiêm tại bệnh viện',
    en: 'Anaphylaxis after a previous COVID-19 dose: vaccination at a hospital only',
  },
  'eligibility.recent_covid': {
    vi: 'Mắc COVID-19 trong 6 tháng: hoãn tiêm',
    en: 'COVID-19 within 6 months: vaccination deferred',
  },
  'eligibility.acute_illness': {
    vi: 'Đang mắc bệnh cấp tính: hoãn tiêm',
    en: 'Acute illness: vaccination deferred',
  },
  'eligibility.pregnant': {
    vi: 'Đang mang thai: bác sĩ sẽ khám kỹ khi sàng lọc',
    en: 'Pregnant: the screening doctor will assess',
  },
  'eligibility.caution': {
    vi: 'Có tiền sử dị ứng, suy giảm miễn dịch hoặc rối loạn đông máu: tiêm thận trọng',
    en: 'Allergy, immunodeficiency or clotting disorder: vaccination with caution',
  },
  'registration.not_eligible': {
    vi: 'Chưa thể đăng ký tiêm lúc này',
    en: 'Registration is not possible now',
  },
  'registration.open_exists': {
    vi: 'Người này đã có đăng ký đang mở trong đợt tiêm',
    en: 'This person already has an open registration for the campaign',
  },
  'registration.not_open': {
    vi: 'Đăng ký này không thể thay đổi nữa',
    en: 'This registration can no longer be changed',
  },
  'registration.group_unknown': {
    vi: 'Nhóm ưu tiên không thuộc bộ nhóm của đợt tiêm',
    en: 'The priority group is not in the campaign’s set',
  },
  'session.full': { vi: 'Buổi tiêm đã đủ chỗ', en: 'The session is full' },
  'slot.full': {
    vi: 'Khung giờ này đã hết chỗ, vui lòng chọn khung giờ khác',
    en: 'This time slot is full, please choose another',
  },
  'slot.not_in_session': {
    vi: 'Khung giờ không thuộc buổi tiêm đã chọn',
    en: 'The time slot is not one of the chosen session’s',
  },
  'session.past': { vi: 'Buổi tiêm đã qua', en: 'The session is over' },
  'session.slot_times': {
    vi: 'Giờ kết thúc phải sau giờ bắt đầu',
    en: 'The end time must be after the start time',
  },
  'session.capacity_needed': {
    vi: 'Nhập số chỗ của buổi tiêm hoặc số chỗ mỗi khung giờ',
    en: 'Give the session’s seats or the seats per time slot',
  },
  'registration.not_scheduled': {
    vi: 'Đăng ký này chưa có lịch hẹn để đổi',
    en: 'This registration has no appointment to move',
  },
  'stock.insufficient': {
    vi: 'Kho chỉ còn {available} liều của lô này',
    en: 'Only {available} doses of this lot are on hand',
  },
  'date.range_order': {
    vi: 'Ngày kết thúc phải sau ngày bắt đầu',
    en: 'The end date must not be before the start',
  },
  'date.range_too_long': {
    vi: 'Khoảng thời gian tối đa {days} ngày',
    en: 'The range may span at most {days} days',
  },
} as const;
