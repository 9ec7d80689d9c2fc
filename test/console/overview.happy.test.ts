/**
 * What the coordinator sees at a glance, and the merged appendix in the browser: the demo round
 * with the every-code scenario (Sở Tài chính's extra 6.500 triệu đồng, Xã Bát Xát late, two
 * communes missing).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { SCENARIO_LATE_AGENCY, SCENARIO_MISSING_AGENCIES } from '../../service/demo/flag-scenario.js';
import type { Service } from '../service/harness.js';
import { links, ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

const amount = (s: string) => Number(s.replace(/\./g, ''));

describe.each(testDatabases())('overview and merged tables on %s', (kind) => {
  let s: Service;
  let coordinator: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('compares the budget with the plan by year and by funding source, in charts with their figures', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    // 9.615.243 declared; Sở Tài chính's repeated health task adds 6.500.
    expect(text).toContain('Tổng nhu cầu vốn (triệu đồng) 9.621.743 Kế hoạch 9.615.243, chênh +6.500');
    // Each chart is one image with a title and a description reading out every figure…
    const charts = [...page.text.matchAll(/<svg [^>]*role="img" aria-labelledby="([\w-]+)-t \1-d"/g)].map((m) => m[1]);
    expect(charts).toEqual(['chart-years', 'chart-sources', 'chart-sections', 'chart-submissions', 'chart-flags']);
    const desc = (id: string) => visibleText(new RegExp(`<desc id="${id}-d">([^<]*)</desc>`).exec(page.text)![1]!);
    expect(desc('chart-years')).toContain('Năm 2026: tổng hợp 1.626.820, kế hoạch 1.625.520, chênh +1.300');
    expect(desc('chart-years')).toContain('Năm 2030: tổng hợp 1.329.820, kế hoạch 1.328.520, chênh +1.300');
    // Enterprise-led lines are the non-state money, exactly the declared 3.073.000.
    expect(desc('chart-sources')).toContain('Doanh nghiệp và nguồn khác: tổng hợp 3.073.000, kế hoạch 3.073.000, khớp');
    expect(desc('chart-sources')).toContain('Ngân sách nhà nước: tổng hợp 6.548.743, kế hoạch 6.542.243, chênh +6.500');
    // …and the same figures sit in a table beside it.
    expect(text).toMatch(/Năm 2026 1\.626\.820 1\.625\.520 \+1\.300/);
    expect(text).toMatch(/Cả giai đoạn 9\.621\.743 9\.615\.243 \+6\.500/);
    // The sections add up to the grand total.
    const sections = [
      ...page.text.matchAll(
        /<tr class="section"><td>([IVX]+)<\/td><td>[^<]*<\/td><td class="num">([\d.]+)<\/td><td class="num">[\d,]+%<\/td><\/tr>/g,
      ),
    ];
    expect(sections.map((m) => m[1])).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(sections.reduce((sum, m) => sum + amount(m[2]!), 0)).toBe(9_621_743);
  });

  it('shows who sent on time, late or not at all against the due date', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}`);
    const text = visibleText(page.text);
    const names = {
      [SCENARIO_LATE_AGENCY]: 'Xã Bát Xát',
      [SCENARIO_MISSING_AGENCIES[0]]: 'Xã Y Tý',
      [SCENARIO_MISSING_AGENCIES[1]]: 'Phường Sa Pa',
    };
    expect(text).toMatch(new RegExp(`${names['xa-y-ty']} Chưa gửi, đã quá hạn — —`));
    expect(text).toMatch(new RegExp(`${names['phuong-sa-pa']} Chưa gửi, đã quá hạn — —`));
    expect(text).toMatch(
      new RegExp(
        `${names['xa-bat-xat']} Gửi muộn \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d Phụ lục II`,
      ),
    );
    expect(text).toMatch(/Sở Y tế Đã gửi đúng hạn \d\d\/\d\d\/\d{4} \d\d:\d\d/);
    // The worst come first.
    expect(text.indexOf('Phường Sa Pa Chưa gửi')).toBeLessThan(text.indexOf('Xã Bát Xát Gửi muộn'));
    expect(text.indexOf('Xã Bát Xát Gửi muộn')).toBeLessThan(text.indexOf('Sở Y tế Đã gửi'));
    expect(visibleText(/<desc id="chart-submissions-d">([^<]*)</.exec(page.text)![1]!)).toMatch(
      /^Chưa gửi, đã quá hạn: 2 \([\d,]+%\); Gửi muộn: 1 \([\d,]+%\); Chưa gửi, chưa đến hạn: 0 \(0%\); Đã gửi đúng hạn: \d+ \([\d,]+%\)$/,
    );
  });

  it('labels the sections chart as the outline writes them, whole on hover, with each share of the total', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}`);
    const chart = /<svg [^>]*aria-labelledby="chart-sections-t[\s\S]*?<\/svg>/.exec(page.text)![0];
    const outline = (await s.call('GET', `/api/v1/rounds/${ROUND}`)).body.outline.budget as {
      path: string;
      title: string;
    }[];
    // «I/A» as everywhere else, never «I.A».
    expect(chart).not.toMatch(/>I\.A /);
    expect(chart).toMatch(/<tspan[^>]*>I\/A /);
    // Every section's whole title is the hover title of its bar, however long.
    const long = outline.find((e) => e.title.length > 40)!;
    expect(long).toBeDefined();
    expect(chart).toContain(`<title>${long.path} ${long.title}</title>`);
    // A long label goes onto two lines rather than being cut after a few words.
    const label = [...chart.matchAll(/<text[^>]*text-anchor="end"[^>]*>([\s\S]*?)<\/text>/g)].find((m) =>
      m[1]!.includes(`>${long.path} `),
    )![1]!;
    expect([...label.matchAll(/<tspan/g)]).toHaveLength(2);
    // Shares of the merged total, at the bars and in the table, adding up for the sections.
    const notes = [...chart.matchAll(/>([\d.]+) \(([\d,]+)%\)<\/text>/g)];
    expect(notes.length).toBe(outline.length);
    const top = outline.filter((e) => !e.path.includes('/')).map((e) => outline.indexOf(e));
    const sum = top.reduce((acc, i) => acc + Number(notes[i]![2]!.replace(',', '.')), 0);
    expect(sum).toBeGreaterThan(99.5);
    expect(sum).toBeLessThan(100.5);
    expect(visibleText(page.text)).toMatch(/Mục Tên mục Tổng hợp Tỷ lệ I /);
    // The year table says how far each year is from the plan.
    expect(visibleText(page.text)).toMatch(/Năm 2026 1\.626\.820 1\.625\.520 \+1\.300 100,1%/);
  });

  it('counts flags by code and status, each count a link to the filtered queue', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}`);
    const api = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?limit=1`);
    const footer = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(page.text)![1]!;
    const cells = [...footer.matchAll(/<td class="num"[^>]*>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells[cells.length - 1]).toBe(api.body.total);
    const table = /<table id="flag-counts">([\s\S]*?)<\/table>/.exec(page.text)![1]!;
    for (const label of [
      'Số liệu kinh phí không thống nhất',
      'Cơ quan chủ trì không thống nhất',
      'Có thể trùng nhiệm vụ',
      'Cơ quan gửi không chủ trì, không phối hợp',
      'Tổng kinh phí khác số trong kế hoạch',
      'Kinh phí chưa gắn với nhiệm vụ',
      'Chưa gửi số liệu',
    ]) {
      expect(table).toContain(`<th scope="row">${label}</th>`);
    }
    expect(links(table, /flags\?code=missing_submission&status=open$/)).toHaveLength(1);
  });

  it('renders the demo overview quickly', async () => {
    await coordinator.get(`/console/rounds/${ROUND}`);
    const start = performance.now();
    expect((await coordinator.get(`/console/rounds/${ROUND}`)).status).toBe(200);
    // The bench measures it properly (bench/console.ts); this only catches a gross slowdown.
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('shows the merged appendix in official section order, totals first, flagged rows marked', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}/merged/budget`);
    expect(page.status).toBe(200);
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.text.split('<table id="merged">')[1]!)![1]!;
    const kinds = [...body.matchAll(/<tr class="(\w+)/g)].map((m) => m[1]);
    expect(kinds.slice(0, 3)).toEqual(['column_numbers', 'grand_total', 'section']);
    expect(visibleText(body)).toMatch(
      /^1 2 3 4 5 6 7 8 9 10 TỔNG CỘNG 9\.621\.743 1\.626\.820 2\.232\.120 2\.419\.120 2\.013\.863 1\.329\.820 I /,
    );
    const headings = [...body.matchAll(/<tr class="(?:section|subsection)[^"]*" id="muc-([\w-]+)"/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'I',
      'I-A',
      'I-B',
      'I-C',
      'II',
      'II-A',
      'II-B',
      'III',
      'III-A',
      'III-B',
      'III-C',
      'IV',
      'V',
    ]);
    expect(body).toMatch(/<tr class="item flagged">/);
    expect(links(body, /\/flags\/conflicting_amounts-/).length).toBeGreaterThanOrEqual(2);
    expect(visibleText(page.text)).toContain('69 dòng của các cơ quan; đơn vị: Triệu đồng');
    // The other appendices are a link away.
    const tasks = await coordinator.get(`/console/rounds/${ROUND}/merged/tasks`);
    expect(visibleText(tasks.text)).toContain('PHỤ LỤC II: DANH MỤC NHÓM NHIỆM VỤ TRỌNG TÂM');
    expect(visibleText(tasks.text)).toContain('Số hóa hồ sơ địa chính và cơ sở dữ liệu đất đai');
  });

  it('downloads the merged table as .xlsx and .csv with the session cookie', async () => {
    const xlsx = await s.app.request(`/console/rounds/${ROUND}/merged/budget.xlsx`, {
      headers: { cookie: coordinator.cookie! },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename="${ROUND}-budget.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const values: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain(9_621_743);
    const csv = await coordinator.get(`/console/rounds/${ROUND}/merged/budget.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // (Response.text() drops the byte-order mark the file starts with, for Excel's sake.)
    expect(csv.text.startsWith('TT,Tên nhiệm vụ/hoạt động/dự án,')).toBe(true);
    const bytes = new Uint8Array(
      await (
        await s.app.request(`/console/rounds/${ROUND}/merged/budget.csv`, { headers: { cookie: coordinator.cookie! } })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain('9621743');
    expect((await coordinator.get(`/console/rounds/${ROUND}/merged/khong-co.xlsx`)).status).toBe(404);
  });
});
