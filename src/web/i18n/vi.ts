import { citizenVi } from './citizen.vi.ts';
import { commonVi } from './common.vi.ts';
import { importsVi } from './imports.vi.ts';
import { managerVi } from './manager.vi.ts';
import { notifyVi } from './notify.vi.ts';
import { passportVi } from './passport.vi.ts';
import { siteVi } from './site.vi.ts';
import { staffVi } from './staff.vi.ts';
import { verifierVi } from './verifier.vi.ts';

/** Vietnamese screen texts (the reference language: English must have the same keys). */
export const vi = {
  common: commonVi,
  citizen: citizenVi,
  staff: staffVi,
  site: siteVi,
  manager: managerVi,
  notify: notifyVi,
  verifier: verifierVi,
  passport: passportVi,
  imports: importsVi,
  app: {
    name: 'Sổ sức khỏe điện tử',
    shortName: 'SSKĐT',
    tagline: 'Tiêm chủng, sổ sức khỏe và hộ chiếu vắc xin cho mọi gia đình',
    skipToContent: 'Bỏ qua, đến nội dung chính',
    openMenu: 'Mở menu',
    closeMenu: 'Đóng menu',
    language: 'Ngôn ngữ',
    footer: 'Phần mềm mã nguồn mở, tự triển khai. Dữ liệu sức khỏe được bảo vệ theo mặc định.',
  },
  nav: {
    home: 'Trang chủ',
    citizen: 'Người dân',
    site: 'Cơ sở tiêm chủng',
    manager: 'Quản lý',
    verifier: 'Kiểm tra chứng nhận',
    staff: {
      menu: 'Công việc',
      site: 'Tại điểm tiêm',
      manager: 'Quản lý',
      records: 'Hồ sơ',
      admin: 'Quản trị',
      account: 'Tài khoản',
    },
  },
  demo: {
    banner:
      'Dữ liệu mẫu (demo): {{people}} người ở {{province}}. Mọi tên, số CCCD và số điện thoại đều là giả.',
  },
  home: {
    title: 'Sổ sức khỏe điện tử',
    lead: 'Một điện thoại quản lý cả gia đình: khai báo y tế, đăng ký tiêm, lịch sử tiêm, phản ứng sau tiêm và hộ chiếu vắc xin có mã QR.',
    areasTitle: 'Bạn là ai?',
    statsTitle: 'Hệ thống này đang có',
    statPeople: 'người trong sổ',
    statFacilities: 'cơ sở y tế',
    statCommunes: 'xã, phường, đặc khu',
    statProvinces: 'tỉnh, thành phố',
    statVaccines: 'loại vắc xin',
    open: 'Mở',
    areas: {
      citizen: 'Quản lý sức khỏe cả gia đình, đăng ký tiêm, xem lịch sử tiêm và mã QR.',
      site: 'Đón tiếp, khám sàng lọc, ghi nhận mũi tiêm nhanh, cả khi mất mạng.',
      manager: 'Độ bao phủ theo địa bàn và nhóm ưu tiên, mức đầy đủ dữ liệu, kho vắc xin.',
      verifier: 'Kiểm tra chứng nhận tiêm chủng EU DCC và SMART Health Card, không cần mạng.',
    },
  },
  area: {
    availableTitle: 'Sau khi đăng nhập, nhân viên điểm tiêm có',
    citizen: {
      title: 'Người dân',
      lead: 'Sổ sức khỏe của cả gia đình trên một điện thoại.',
      features: [
        'Đăng nhập bằng số điện thoại và mã OTP',
        'Thêm người thân (tối đa 10 người) và quản lý hồ sơ của họ',
        'Đăng ký tiêm, lịch hẹn và nhắc mũi tiếp theo',
        'Báo cáo phản ứng sau tiêm',
        'Hộ chiếu vắc xin có mã QR (xanh: đủ liều, vàng: chưa đủ)',
      ],
    },
    site: {
      title: 'Cơ sở tiêm chủng',
      lead: 'Danh mục vắc xin dùng tại Việt Nam, với số mũi và khoảng cách tối thiểu giữa các mũi.',
      features: [
        'Danh sách trong ngày: đón tiếp, khám sàng lọc theo Quyết định 5785/QĐ-BYT, thêm người đến trực tiếp',
        'Ghi nhận mũi tiêm bằng bàn phím, cả khi mất mạng (tự gửi khi có mạng lại)',
        'Theo dõi 30 phút sau tiêm, buổi tiêm, kho vắc xin theo lô và báo cáo số mũi',
        'Nhập dữ liệu hàng loạt từ Excel/CSV, có bước rà soát trước khi ghi',
      ],
      vaccinesTitle: 'Danh mục vắc xin',
      colVaccine: 'Vắc xin',
      colDoses: 'Số mũi cơ bản',
      colInterval: 'Khoảng cách tối thiểu',
      colEuCode: 'Mã EU DCC',
      colMix: 'Có thể tiêm trộn với',
      days: '{{count}} ngày',
      noInterval: '—',
      noMix: 'Không',
    },
    manager: {
      title: 'Quản lý',
      lead: 'Tra cứu đơn vị hành chính mới (34 tỉnh, 2 cấp từ 01/7/2025) và đơn vị cũ đã sáp nhập vào đó.',
      features: [
        'Độ bao phủ theo địa bàn, độ tuổi, nhóm ưu tiên so với chỉ tiêu',
        'Mức đầy đủ dữ liệu (số mũi đã nhập so với số mũi báo cáo) và xếp hạng các tỉnh',
        'Kho vắc xin và phản ứng sau tiêm',
      ],
      searchLabel: 'Tìm tỉnh, xã, phường (có dấu hoặc không dấu)',
      searchPlaceholder: 'Ví dụ: ha noi, ba dinh, 00004',
      editionLabel: 'Bộ đơn vị',
      edition2025: 'Từ 01/7/2025 (34 tỉnh)',
      edition2008: 'Trước 01/7/2025 (63 tỉnh)',
      results: '{{count}} kết quả',
      noResults: 'Không tìm thấy đơn vị nào',
      successors: 'Nay thuộc',
      predecessors: 'Gồm các đơn vị cũ',
      full: 'toàn bộ',
      partial: 'một phần',
      children: '{{count}} đơn vị trực thuộc',
      validTo: 'Hết hiệu lực từ {{date}}',
    },
    verifier: {
      title: 'Kiểm tra chứng nhận',
      lead: 'Quét mã QR hộ chiếu vắc xin để kiểm tra chữ ký số — ngay trên thiết bị, không gửi dữ liệu đi đâu.',
      features: [
        'Chứng nhận EU DCC (định dạng của Việt Nam, mã “HC1:”) và SMART Health Card',
        'Quét bằng camera, dán văn bản hoặc tải ảnh lên',
        'Hoạt động không cần mạng khi đã tải trang',
      ],
    },
  },
  errors: {
    loadFailed: 'Không tải được dữ liệu',
    retry: 'Thử lại',
    notFoundTitle: 'Không tìm thấy trang',
    notFoundBody: 'Địa chỉ này không tồn tại. Hãy quay về trang chủ.',
    backHome: 'Về trang chủ',
  },
};

/** The shape every language must provide. */
export type Messages = typeof vi;
