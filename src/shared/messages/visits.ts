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
  'screening.abnormal.temperatureC': {
    vi: 'Nhiệt độ {value} °C ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'Temperature {value} °C outside the normal range ({min}–{max}): defer',
  },
  'screening.unmeasured.temperatureC': {
    vi: 'Chưa đo nhiệt độ: ghi nhận là chưa đo; đo trước khi tiêm hoặc ghi lý do',
    en: 'Temperature not measured: recorded as not measured; measure it before the dose or give a reason',
  },
  'screening.abnormal.pulse': {
    vi: 'Mạch {value} lần/phút ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'Pulse {value} /min outside the normal range ({min}–{max}): defer',
  },
  'screening.unmeasured.pulse': {
    vi: 'Chưa đo mạch: ghi nhận là chưa đo; đo trước khi tiêm hoặc ghi lý do',
    en: 'Pulse not measured: recorded as not measured; measure it before the dose or give a reason',
  },
  'screening.abnormal.systolic': {
    vi: 'Huyết áp tâm thu {value} mmHg ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'Systolic pressure {value} mmHg outside the normal range ({min}–{max}): defer',
  },
  'screening.unmeasured.systolic': {
    vi: 'Chưa đo huyết áp tâm thu: ghi nhận là chưa đo; đo trước khi tiêm hoặc ghi lý do',
    en: 'Systolic pressure not measured: recorded as not measured; measure it before the dose or give a reason',
  },
  'screening.abnormal.diastolic': {
    vi: 'Huyết áp tâm trương {value} mmHg ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'Diastolic pressure {value} mmHg outside the normal range ({min}–{max}): defer',
  },
  'screening.unmeasured.diastolic': {
    vi: 'Chưa đo huyết áp tâm trương: ghi nhận là chưa đo; đo trước khi tiêm hoặc ghi lý do',
    en: 'Diastolic pressure not measured: recorded as not measured; measure it before the dose or give a reason',
  },
  'screening.abnormal.respiratoryRate': {
    vi: 'Nhịp thở {value} lần/phút ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'Respiratory rate {value} /min outside the normal range ({min}–{max}): defer',
  },
  'screening.unmeasured.respiratoryRate': {
    vi: 'Chưa đo nhịp thở: ghi nhận là chưa đo; đo trước khi tiêm hoặc ghi lý do',
    en: 'Respiratory rate not measured: recorded as not measured; measure it before the dose or give a reason',
  },
  'screening.abnormal.spo2': {
    vi: 'SpO2 {value} % ngoài mức bình thường ({min}–{max}): tạm hoãn',
    en: 'SpO2 {value} % outside the normal range ({min}–{max}): defer',
  },
  'screening.not_due': {
    vi: 'Chưa đến ngày tiêm mũi {dose}: sớm nhất từ {date} (ít nhất {minDays} ngày sau mũi ngày {after}): tạm hoãn',
    en: 'Dose {dose} is not due yet: from {date} (at least {minDays} days after the dose of {after}): defer',
  },
  'screening.override_reason_required': {
    vi: 'Kết luận nhẹ hơn gợi ý: cần ghi lý do',
    en: 'The outcome is milder than the suggestion: give a reason',
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
    vi: 'Đăng ký này vừa thay đổi và không còn chờ tiêm; hãy tải lại danh sách',
    en: 'This registration just changed and is no longer open; reload the list',
  },
  'visit.not_open_checked_in': {
    vi: 'Người này đã được đón tiếp tại một điểm tiêm khác hôm nay',
    en: 'This person was already checked in at another site today',
  },
  'visit.not_open_vaccinated': {
    vi: 'Đăng ký này đã tiêm xong',
    en: 'This registration was already vaccinated',
  },
  'visit.not_open_deferred': {
    vi: 'Đăng ký này đã được hoãn tiêm sau khám sàng lọc',
    en: 'This registration was deferred at screening',
  },
  'visit.not_open_cancelled': {
    vi: 'Đăng ký này đã bị hủy',
    en: 'This registration was cancelled',
  },
  'visit.blocked': {
    vi: 'Chưa ghi được vì bước trước của người này (đón tiếp, sàng lọc) không được ghi nhận: hãy xử lý bước đó trước',
    en: 'Not recorded: an earlier step for this person (check-in, screening) was not recorded; deal with that first',
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
