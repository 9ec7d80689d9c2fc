import { describe, expect, it } from 'vitest';
import { lockedRestores } from '../../addin/sheet/locked.js';

// Columns: Mục, STT, Nhiệm vụ, Cơ quan chủ trì, Thời gian thực hiện, Tình trạng, uid.
const layout = {
  uidCol: 6,
  locked: [
    { col: 2, key: 'name', header: 'Nhiệm vụ' },
    { col: 3, key: 'lead', header: 'Cơ quan chủ trì' },
    { col: 4, key: 'timeframe', header: 'Thời gian thực hiện' },
  ],
};
const plan = new Map([
  [
    'u8',
    {
      name: 'Xây dựng cơ sở dữ liệu ngành nông nghiệp xã Bản Lầu',
      lead: 'Đảng ủy xã Bản Lầu',
      timeframe: 'Trước ngày 20/5/2026',
    },
  ],
]);

describe('plan cells of a progress sheet', () => {
  it('puts back an edited plan cell and names it as Excel does', () => {
    const rows = [
      [
        '1',
        '8',
        'Xây dựng cơ sở dữ liệu ngành nông nghiệp xã Bản Lầu',
        'Sở Tài chính',
        'Trước ngày 20/5/2026',
        'Hoàn thành',
        'u8',
      ],
    ];
    const r = lockedRestores({ rows, origin: { row: 5, col: 0 } }, layout, plan);
    expect(r.cells).toEqual([{ row: 0, col: 3, value: 'Đảng ủy xã Bản Lầu' }]);
    expect(r.messages[0]!.text).toBe(
      'Ô D6 (Cơ quan chủ trì) lấy từ kế hoạch nên không sửa được; đã trả lại nội dung của kế hoạch «Đảng ủy xã Bản Lầu». Nếu kế hoạch cần sửa, đề nghị báo Sở Khoa học và Công nghệ.',
    );
    expect(r.messages[0]!.sheetRow).toBe(6);
  });

  it('leaves agency columns, unchanged plan cells (NFD or padded alike) and hand-typed rows alone', () => {
    const rows = [
      [
        '1',
        '8',
        ' Xây dựng cơ sở dữ liệu ngành nông nghiệp xã Bản Lầu'.normalize('NFD'),
        'Đảng ủy xã Bản Lầu',
        'Trước ngày 20/5/2026',
        'Đang triển khai',
        'u8',
      ],
      ['1', '9', 'Nhiệm vụ tự thêm', 'Sở Tài chính', '2026', '', 'u-new'],
    ];
    expect(lockedRestores({ rows, origin: { row: 5, col: 0 } }, layout, plan)).toEqual({ cells: [], messages: [] });
  });
});
