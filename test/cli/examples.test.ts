/**
 * The README's CLI commands, run exactly as written, on the .csv files of the real appendices
 * that ship in db/demo; and those files are what their JSON transcriptions say.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPENDIX_FILES, appendixCsv, demoPath } from '../../service/demo/appendix-csv.js';
import { PROJECT_ROOT, runCli } from '../support/cli.js';

/** The `npm run --silent cli -- …` lines of the README's CLI section. */
function readmeCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### CLI'), readme.indexOf('### ', readme.indexOf('### CLI') + 4));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block.split('\n').filter((l) => l.startsWith('npm run --silent cli -- '));
}

describe('the example appendices', () => {
  it.each(APPENDIX_FILES)('%s has a .csv beside it with the same rows', (file) => {
    const csv = readFileSync(demoPath(file.replace(/\.json$/, '.csv')), 'utf8');
    expect(csv).toBe(appendixCsv(JSON.parse(readFileSync(demoPath(file), 'utf8'))));
  });

  it("runs the README's CLI commands as written", () => {
    const commands = readmeCommands();
    expect(commands).toHaveLength(2);
    const [budget, tasks] = commands.map((line) => {
      const args = line.replace('npm run --silent cli -- ', '').split(/\s+/);
      const r = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    });
    // Phụ lục III's two real mistakes.
    expect(budget!.err).toBe('');
    expect(budget!.code).toBe(1);
    expect(budget!.out).toMatch(
      /^Phụ lục III — Tổng hợp kinh phí thực hiện \(giai đoạn 2026–2030\): 83 dòng, 2 lỗi, \d+ cảnh báo\./,
    );
    expect(budget!.out).toContain('Gợi ý sửa: Công an tỉnh');
    // The first «B» is data row 7, line 8 of the file: a message names the line, as its heading does.
    expect(budget!.out).toContain('Số thứ tự «B» bị trùng với dòng 8.');
    // Phụ lục II has warnings (abbreviated agency names) and no error.
    expect(tasks!.code).toBe(0);
    const report = JSON.parse(tasks!.out) as { table: string; rows: number; findings: { severity: string }[] };
    expect(report.table).toBe('tasks');
    expect(report.rows).toBe(211);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 60_000);

  it('reports the priority list without a plan period, which governs none of its columns', () => {
    const r = runCli(['validate', '--table', 'priorities', 'db/demo/priorities-002.csv']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Danh mục nhiệm vụ cần làm ngay: 19 dòng, 0 lỗi, \d+ cảnh báo\./);
    // The proposing unit whose document number belongs to another body (row 4 of plan 002).
    expect(r.out).toContain('có ký hiệu cơ quan ban hành «ĐU», không khớp với đơn vị đề xuất «UBND xã Mậu A»');
  });
});
