/** Messages of legacy-record imports: row errors of a file and job-level problems (vi first, en second). */
export const importMessages = {
  'date.incomplete': {
    vi: 'Ngày {value} chưa đủ ngày, tháng, năm',
    en: 'The date {value} lacks the day or the month',
  },
  'import.date_before_campaign': {
    vi: 'Ngày tiêm {value} trước ngày bắt đầu chiến dịch tiêm chủng (08/03/2021)',
    en: 'The vaccination date {value} is before the campaign started (8 March 2021)',
  },
  'import.given_before_birth': {
    vi: 'Ngày tiêm trước ngày sinh',
    en: 'The vaccination date is before the date of birth',
  },
  'import.vaccine_unknown': {
    vi: 'Không nhận ra vắc xin “{value}”',
    en: 'Unknown vaccine “{value}”',
  },
  'import.dose_number': {
    vi: 'Mũi số phải là số từ 1 đến 10 (đang là “{value}”)',
    en: 'The dose number must be 1 to 10 (got “{value}”)',
  },
  'import.sex': {
    vi: 'Giới tính “{value}” không rõ (Nam hoặc Nữ)',
    en: 'Sex “{value}” is not clear (Nam/male or Nữ/female)',
  },
  'import.sex_required': {
    vi: 'Cần giới tính để thêm người mới vào sổ (dòng không có CCCD)',
    en: 'Sex is needed to add a new person (the row has no CCCD)',
  },
  'import.id_number': {
    vi: 'Số CCCD/CMND phải có 12 chữ số (CCCD) hoặc 9 chữ số (CMND)',
    en: 'The ID number must have 12 digits (CCCD) or 9 digits (CMND)',
  },
  'import.facility_unknown': {
    vi: 'Không có cơ sở tiêm mã “{value}” trong phạm vi của bạn',
    en: 'No facility with code “{value}” within your reach',
  },
  'import.file_empty': { vi: 'Tệp không có dòng tiêu đề', en: 'The file has no header row' },
  'import.file_kind': {
    vi: 'Chỉ nhận tệp CSV hoặc Excel (.xlsx)',
    en: 'Only CSV or Excel (.xlsx) files are accepted',
  },
  'import.file_unreadable': {
    vi: 'Không đọc được tệp ({detail})',
    en: 'The file could not be read ({detail})',
  },
  'import.file_too_large': {
    vi: 'Tệp quá lớn (tối đa {maximum} MB)',
    en: 'The file is too large (at most {maximum} MB)',
  },
  'import.record_too_large': {
    vi: 'Dòng {row} dài quá giới hạn {maximum} KB; tệp bị từ chối từ dòng này',
    en: 'Row {row} is longer than the {maximum} KB limit; the file was refused from this row on',
  },
  'import.too_many_columns': {
    vi: 'Dòng {row} có hơn {maximum} cột; tệp bị từ chối từ dòng này',
    en: 'Row {row} has more than {maximum} columns; the file was refused from this row on',
  },
  'import.line_too_long': {
    vi: 'Dòng {line} của tệp dài quá giới hạn {maximum} KB; tệp bị từ chối',
    en: 'Line {line} of the file is longer than the {maximum} KB limit; the file was refused',
  },
  'import.xlsx_too_large': {
    vi: 'Tệp Excel giải nén ra hơn {maximum} MB (phần “{entry}”), có thể là “bom zip”; tệp bị từ chối. Hãy chia nhỏ tệp hoặc lưu thành CSV',
    en: 'The Excel file unpacks to more than {maximum} MB (part “{entry}”), possibly a zip bomb; it was refused. Split it or save it as CSV',
  },
  'import.xlsx_cell_too_large': {
    vi: 'Tệp Excel có một ô hoặc thẻ dài hơn {maximum} KB (phần “{entry}”); tệp bị từ chối',
    en: 'The Excel file has a cell or tag longer than {maximum} KB (part “{entry}”); it was refused',
  },
  'import.file_purged': {
    vi: 'Tệp tải lên đã được xoá sau thời hạn lưu giữ; danh sách dòng lỗi vẫn còn',
    en: 'The uploaded file was deleted after the retention period; the list of failed rows is kept',
  },
  'import.mapping_unknown': {
    vi: 'Không có cách ghép cột đã lưu tên “{name}” của cơ sở này',
    en: 'This facility has no saved column mapping named “{name}”',
  },
  'import.mapping_header': {
    vi: 'Tệp không có cột “{header}”',
    en: 'The file has no column “{header}”',
  },
  'import.mapping_missing': {
    vi: 'Chưa chọn cột cho: {fields}',
    en: 'No column chosen for: {fields}',
  },
  'import.mapping_twice': {
    vi: 'Trường {field} được ghép với hai cột',
    en: 'The field {field} is mapped to two columns',
  },
  'import.not_waiting_mapping': {
    vi: 'Lượt nhập này không chờ ghép cột',
    en: 'This import is not waiting for a column mapping',
  },
  'import.not_cancellable': {
    vi: 'Lượt nhập này đã kết thúc, không huỷ được',
    en: 'This import has already ended and cannot be cancelled',
  },
  'import.upload_incomplete': {
    vi: 'Tệp chưa tải lên xong; hãy tải lại',
    en: 'The upload did not complete; upload the file again',
  },
  'import.job_failed': {
    vi: 'Lượt nhập bị lỗi: {detail}',
    en: 'The import failed: {detail}',
  },
  'import.review_closed': {
    vi: 'Dòng này đã được xử lý',
    en: 'This row has already been resolved',
  },
  'import.review_person': {
    vi: 'Chỉ chọn được người trong danh sách gợi ý hoặc trong phạm vi của bạn',
    en: 'Choose one of the suggested persons or a person within your reach',
  },
} as const;
