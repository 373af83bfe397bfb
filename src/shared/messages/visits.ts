/** Messages of the vaccination day: check-in, screening (Decision 5785/QĐ-BYT), observation. */
export const visitMessages = {
  'screening.item.anaphylaxisPreviousDose': {
    vi: 'Phản vệ với liều vắc xin COVID-19 trước hoặc thành phần vắc xin: chống chỉ định',
    en: 'Anaphylaxis to a previous COVID-19 vaccine dose or its components: contraindicated',
  },
  'screening.item.covidWithin6Months': {
    vi: 'Mắc COVID-19 trong vòng 6 tháng: tạm hoãn',
    en: 'COVID-19 within 6 months: defer',
  },
  'screening.item.acuteIllness': {
    vi: 'Đang mắc bệnh cấp tính hoặc bệnh mạn tính tiến triển: tạm hoãn',
    en: 'Acute illness or progressing chronic disease: defer',
  },
  'screening.item.pregnantUnder13Weeks': {
    vi: 'Mang thai dưới 13 tuần: tạm hoãn',
    en: 'Pregnant, under 13 weeks: defer',
  },
  'screening.item.pregnant13WeeksOrMore': {
    vi: 'Mang thai từ 13 tuần: tiêm thận trọng',
    en: 'Pregnant, 13 weeks or more: vaccinate with caution',
  },
  'screening.item.severeAnaphylaxisOther': {
    vi: 'Phản vệ độ 3 trở lên với dị nguyên khác: tiêm tại bệnh viện',
    en: 'Grade 3+ anaphylaxis to another allergen: vaccinate at a hospital',
  },
  'screening.item.severeImmunodeficiency': {
    vi: 'Suy giảm miễn dịch nặng, ung thư giai đoạn cuối đang điều trị: tiêm tại bệnh viện',
    en: 'Severe immunodeficiency or end-stage cancer under treatment: vaccinate at a hospital',
  },
  'screening.item.allergyHistory': {
    vi: 'Tiền sử dị ứng với dị nguyên khác: tiêm thận trọng',
    en: 'History of allergy to other allergens: vaccinate with caution',
  },
  'screening.item.bleedingDisorder': {
    vi: 'Rối loạn đông máu hoặc đang dùng thuốc chống đông: tiêm thận trọng',
    en: 'Clotting disorder or anticoagulants: vaccinate with caution',
  },
  'screening.item.impairedConsciousness': {
    vi: 'Rối loạn tri giác, rối loạn hành vi: tạm hoãn',
    en: 'Impaired consciousness or behaviour: defer',
  },
  'screening.vital_abnormal': {
    vi: 'Dấu hiệu sống bất thường ({sign} = {value}; bình thường {min}–{max}): tạm hoãn',
    en: 'Abnormal vital sign ({sign} = {value}; normal {min}–{max}): defer',
  },
  'screening.override_reason_required': {
    vi: 'Kết luận nhẹ hơn gợi ý ({suggested}): cần ghi lý do',
    en: 'The outcome is milder than the suggestion ({suggested}): give a reason',
  },
  'visit.not_checked_in': {
    vi: 'Người này chưa được đón tiếp (check-in) tại điểm tiêm',
    en: 'This person has not been checked in at the site',
  },
  'visit.wrong_day': {
    vi: 'Lịch hẹn là ngày {date} tại {facility}, không phải hôm nay tại điểm này',
    en: 'The appointment is on {date} at {facility}, not today at this site',
  },
  'visit.not_open': {
    vi: 'Đăng ký này không còn chờ tiêm (trạng thái: {state})',
    en: 'This registration is no longer open (state: {state})',
  },
  'visit.facility_required': {
    vi: 'Chọn cơ sở tiêm chủng',
    en: 'Choose the vaccination facility',
  },
  'screening.id_reused': {
    vi: 'Mã phiếu khám này đã dùng cho nội dung khác',
    en: 'This screening id was already used with different content',
  },
} as const;
