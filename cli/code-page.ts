/** The user guide's page of codes, rendered from the catalogue in domain/code-guide.ts. */
import { type CodeGuide, FINDING_GUIDE, FLAG_GUIDE } from '../domain/code-guide.js';
import { FLAG_SEVERITY } from '../domain/consistency/index.js';

const SEVERITY_VI: Readonly<Record<string, string>> = {
  error: 'Lỗi (phải sửa mới đồng bộ được)',
  warning: 'Cảnh báo (cần xem lại)',
  info: 'Thông tin',
};

function entry(code: string, guide: CodeGuide, severity?: string): string {
  const lines = [`### ${guide.title} (\`${code}\`)`, ''];
  if (severity) lines.push(`- **Mức độ:** ${SEVERITY_VI[severity] ?? severity}`);
  lines.push(`- **Nghĩa là:** ${guide.meaning}`, `- **Cách xử lý:** ${guide.fix}`, '');
  return lines.join('\n');
}

export function renderCodePage(): string {
  return [
    '# Các mã lỗi và cảnh báo',
    '',
    '<!-- Trang này được sinh tự động từ domain/code-guide.ts bằng lệnh `npm run --silent cli -- docs`; không sửa tay. -->',
    '',
    'Mỗi lỗi hoặc cảnh báo mà ngăn tác vụ TổngHợp trong Excel, trang thẩm định và tổng hợp trên trình duyệt hoặc lệnh kiểm tra tệp hiển thị đều có một mã.',
    'Trang này giải thích từng mã và cách xử lý.',
    '',
    '## Lỗi và cảnh báo khi kiểm tra một dòng',
    '',
    'Hiện ngay trên ô có vấn đề khi bấm **Kiểm tra** hoặc **Đồng bộ**. Lỗi phải được sửa thì bảng mới đồng bộ được; cảnh báo được lưu cùng dòng để cơ quan và chuyên viên thẩm định cùng xem.',
    '',
    ...Object.entries(FINDING_GUIDE).map(([code, guide]) => entry(code, guide)),
    '## Cảnh báo của hệ thống tổng hợp',
    '',
    'Do dịch vụ tổng hợp phát hiện khi đối chiếu bảng của các cơ quan với nhau; chuyên viên thẩm định xem xét từng cảnh báo.',
    '',
    ...Object.entries(FLAG_GUIDE).map(([code, guide]) =>
      entry(code, guide, (FLAG_SEVERITY as Readonly<Record<string, string>>)[code]),
    ),
  ].join('\n');
}
