/**
 * A May 2026 progress round over tasks of the priority list in source 002 (names, proposers and
 * the notice's deadline «trước ngày 20/5/2026» as written there), with answers as an agency
 * would give them.
 */
import type { ProgressInput, ProgressTask } from '../../service/progress/report-model.js';

const task = (over: Partial<ProgressTask> & Pick<ProgressTask, 'uid' | 'code' | 'name' | 'leadId' | 'leadName'>) =>
  ({
    section: '1. Các nhiệm vụ thí điểm',
    deadline: '2026-05-20',
    timeframe: 'Trước ngày 20/5/2026',
    derived: 'open_on_time',
    status: 'Đang triển khai',
    completedOn: null,
    result: '',
    difficulties: '',
    proposals: '',
    disbursed: null,
    planned: null,
    fundingSource: null,
    year: 2026,
    previous: null,
    ...over,
  }) satisfies ProgressTask;

export const TASKS: ProgressTask[] = [
  task({
    uid: 't1',
    code: '1',
    name: 'Số hóa toàn diện đền Bảo Hà và ứng dụng chuyển đổi số trong công tác quản lý, vận hành đền Bảo Hà',
    leadId: 'dang-uy-xa-bao-ha',
    leadName: 'Đảng ủy xã Bảo Hà',
    derived: 'done_on_time',
    status: 'Hoàn thành',
    completedOn: '2026-05-12',
    result: 'Đã trình dự thảo đề án số hóa đền Bảo Hà',
    disbursed: 120,
    planned: 300,
    fundingSource: 'Ngân sách tỉnh',
    previous: { derived: 'open_on_time', status: 'Đang triển khai' },
  }),
  task({
    uid: 't3',
    code: '3',
    name: 'Triển khai camera giám sát ứng dụng công nghệ trí tuệ nhân tạo AI, phần mềm quản lý, theo dõi đô thị',
    leadId: 'dang-uy-phuong-sa-pa',
    leadName: 'Đảng ủy phường Sa Pa',
    derived: 'open_overdue',
    status: 'Đang triển khai',
    difficulties: 'Chưa bố trí được kinh phí thuê dịch vụ',
    proposals: '=Sở Tài chính bố trí kinh phí',
    disbursed: 0,
    planned: 500,
    fundingSource: 'Ngân sách tỉnh',
    previous: { derived: 'open_on_time', status: 'Đang triển khai' },
  }),
  task({
    uid: 't5',
    code: '5',
    name: 'Tiếp tục triển khai thí điểm mô hình “Thôn số” tại xã Yên Bình',
    leadId: 'dang-uy-xa-yen-binh',
    leadName: 'Đảng ủy xã Yên Bình',
    deadline: '2026-05-10',
    timeframe: 'Trước ngày 10/5/2026',
    derived: 'open_overdue',
    status: 'Tạm dừng',
    previous: { derived: 'done_on_time', status: 'Hoàn thành' },
  }),
  task({
    uid: 't8',
    code: '8',
    name: 'Xây dựng cơ sở dữ liệu ngành nông nghiệp xã Bản Lầu',
    leadId: 'dang-uy-xa-ban-lau',
    leadName: 'Đảng ủy xã Bản Lầu',
    derived: 'done_late',
    status: 'Hoàn thành',
    completedOn: '2026-05-25',
    result: 'Cơ sở dữ liệu đã vận hành',
    disbursed: 80,
    planned: 60,
    fundingSource: 'Ngân sách xã',
  }),
  task({
    uid: 't16',
    code: '16',
    section: '2. Các nhiệm vụ giai đoạn 2026 - 2030',
    name: 'Đề án Hỗ trợ, phát triển phong trào thanh niên Lào Cai khởi nghiệp, giai đoạn 2026 - 2030',
    leadId: 'tinh-doan',
    leadName: 'Tỉnh đoàn Lào Cai',
    deadline: null,
    timeframe: '2026-2030',
    derived: 'open_on_time',
    status: 'Chưa triển khai',
    previous: { derived: 'open_on_time', status: 'Chưa triển khai' },
  }),
];

export const INPUT: ProgressInput = {
  roundId: 'nhiem-vu-can-lam-ngay-2026-tien-do-2026-05',
  planTitle: 'Danh mục nhiệm vụ cần làm ngay',
  periodLabel: 'Tháng 5/2026',
  dueText: 'trước ngày 20/5/2026',
  today: '2026-05-30',
  tasks: TASKS,
  timeliness: [
    {
      agencyId: 'tinh-doan',
      agencyName: 'Tỉnh đoàn Lào Cai',
      periods: [
        { label: 'Tháng 11/2025', status: 'on_time', sentAt: '2025-11-18T03:00:00Z' },
        { label: 'Tháng 12/2025', status: 'on_time', sentAt: '2025-12-18T03:00:00Z' },
        { label: 'Tháng 1/2026', status: 'late', sentAt: '2026-01-22T03:00:00Z' },
        { label: 'Tháng 2/2026', status: 'on_time', sentAt: '2026-02-18T03:00:00Z' },
        { label: 'Tháng 3/2026', status: 'missing', sentAt: null },
        { label: 'Tháng 4/2026', status: 'on_time', sentAt: '2026-04-18T03:00:00Z' },
        { label: 'Tháng 5/2026', status: 'late', sentAt: '2026-05-21T03:00:00Z' },
      ],
    },
    {
      agencyId: 'dang-uy-xa-bao-ha',
      agencyName: 'Đảng ủy xã Bảo Hà',
      periods: [{ label: 'Tháng 5/2026', status: 'on_time', sentAt: '2026-05-12T03:00:00Z' }],
    },
  ],
};
