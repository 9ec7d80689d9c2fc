import { describe, expect, it } from 'vitest';
import { ProgressBody } from '../../service/console/progress.js';
import { buildProgressReport } from '../../service/progress/report-model.js';
import { INPUT } from './fixtures.js';

const html = String(ProgressBody({ report: buildProgressReport(INPUT) }));

describe('console «Tiến độ» section', () => {
  it('draws the status charts with every figure in the description and in a table', () => {
    expect(html).toContain('role="img"');
    expect(html).toContain('Đảng ủy phường Sa Pa: Hoàn thành đúng hạn 0, Hoàn thành quá hạn 0');
    expect(html).toMatch(/<th scope="row">1\. Các nhiệm vụ thí điểm<\/th>(<td[^>]*>\d+<\/td>){5}/);
  });

  it('lists overdue tasks latest first with their days late', () => {
    const yenBinh = html.indexOf('data-uid="t5"');
    const saPa = html.indexOf('data-uid="t3"');
    expect(yenBinh).toBeGreaterThan(0);
    expect(saPa).toBeGreaterThan(yenBinh);
    expect(html).toContain('<td class="num">20</td>');
  });

  it('marks disbursement over plan in words', () => {
    expect(html).toMatch(
      /Ngân sách xã<\/th><td class="num">80<\/td><td class="num">60<\/td><td class="num">133%<span class="sub-missing"> vượt kế hoạch/,
    );
  });

  it('writes each timeliness cell as text, six periods per agency', () => {
    const row = /<tr data-agency="tinh-doan">(.*?)<\/tr>/.exec(html)![1]!;
    expect(row.match(/<td /g)).toHaveLength(6);
    expect(row).toContain('Tháng 3/2026</span>Chưa gửi');
    expect(row).toContain('Tháng 5/2026</span>Muộn');
  });

  it('shows what changed since the previous period', () => {
    const changes = html.slice(html.indexOf('id="changes"'));
    expect(changes).toContain('1. Số hóa toàn diện đền Bảo Hà');
    expect(changes.slice(changes.indexOf('Kỳ trước đã hoàn thành'))).toContain('Thôn số” tại xã Yên Bình');
  });
});
