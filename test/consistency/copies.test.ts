/**
 * One agency's row copied into another agency's sheet: the same task twice. With different
 * money it is a conflict of amounts, with different leads a conflict of leads, with the same
 * figures a possible duplicate (the merged budget would count it twice).
 */
import { describe, expect, it } from 'vitest';
import { computeFlags } from '../../domain/index.js';
import { inputOf, places, rowAt, withCode } from './input.js';
import { copyRow, editRow, realRound } from './real-rows.js';

const rows = realRound();
// "Nâng cấp Trung tâm dữ liệu của khối Nhà nước", Sở KH&CN: 100.000 = 30.000 (2026) + 70.000 (2027).
const dataCentre = rowAt(rows, 'budget', 'I/B', '1');

describe('conflicting_amounts', () => {
  it('names both agencies and the two 2027 figures when a copy changes 2027', () => {
    const copy = copyRow(dataCentre, 'so-tai-chinh', { y2027: 75_000 });
    const flags = withCode(computeFlags(inputOf([...rows, copy])), 'conflicting_amounts');
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    expect(flag!.agencyIds).toEqual(['so-khcn', 'so-tai-chinh']);
    expect(flag!.rows.map((r) => r.uid).sort()).toEqual([dataCentre.uid, copy.uid].sort());
    expect(flag!.message).toContain('Sở Khoa học và Công nghệ ghi 70.000');
    expect(flag!.message).toContain('Sở Tài chính ghi 75.000');
    expect(flag!.message).toContain('năm 2027');
    expect(flag!.message).not.toContain('năm 2026');
    expect(flag!.figures).toMatchObject({
      agencies: {
        'so-khcn': { total: 100_000, years: { '2027': 70_000 } },
        'so-tai-chinh': { total: 100_000, years: { '2027': 75_000 } },
      },
    });
  });

  it('sums up a line that many communes send, each with its own money, and keeps every amount in its figures', () => {
    // A province-wide line every commune copies into its sheet: 2026 is 30.000 plus the commune's number.
    const communes = [
      'xa-hop-thanh',
      'xa-bat-xat',
      'xa-a-mu-sung',
      'xa-trinh-tuong',
      'xa-y-ty',
      'xa-den-sang',
      'xa-ban-xeo',
      'xa-muong-hum',
      'xa-coc-san',
      'xa-pha-long',
      'xa-muong-khuong',
      'xa-cao-son',
    ];
    const copies = communes.map((id, i) => copyRow(dataCentre, id, { total: 100_000 + i, y2026: 30_000 + i }));
    const [flag] = withCode(computeFlags(inputOf([...rows, ...copies])), 'conflicting_amounts');
    expect(flag!.agencyIds).toHaveLength(13);
    expect(flag!.message).toMatch(
      /^Dòng kinh phí «Nâng cấp Trung tâm dữ liệu của khối Nhà nước» \(mục I\/B, TT 1\) có trong bảng của 13 cơ quan \([^)]+ và 10 cơ quan khác\) nhưng số liệu không thống nhất: /,
    );
    expect(flag!.message).toContain('từ 100.000 đến 100.011 (12 mức khác nhau)');
    expect(flag!.message).toContain('năm 2026 từ 30.000 đến 30.011 (12 mức khác nhau)');
    expect(flag!.message).toContain('số liệu của từng cơ quan ở bảng số liệu của cảnh báo');
    expect(flag!.message.length).toBeLessThan(700);
    // The figures still hold each agency's amounts.
    expect(Object.keys(flag!.figures.agencies as object)).toHaveLength(13);
    expect(flag!.figures).toMatchObject({ agencies: { 'xa-cao-son': { total: 100_011, years: { '2026': 30_011 } } } });
  });

  it('recognises the task however the copy is typed: decomposed Unicode, old tone marks, abbreviations', () => {
    // "Nhiệm vụ thúc đẩy kinh tế số lĩnh vực Văn hoá, Thể thao và Du lịch", Sở VH-TT&DL, 4.500.
    const culture = rowAt(rows, 'budget', 'II/A', '6');
    const typed = copyRow(
      culture,
      'so-tai-chinh',
      { name: 'NHIỆM VỤ thúc đẩy kinh tế số lĩnh vực VHTT&DL'.normalize('NFD'), total: 5_000, y2026: 1_400 },
      'typed',
    );
    const flags = withCode(computeFlags(inputOf([...rows, typed])), 'conflicting_amounts');
    expect(flags.map((f) => f.rows.map((r) => r.uid).sort())).toEqual([[culture.uid, 'typed'].sort()]);
  });

  it('is not also reported as a possible duplicate', () => {
    const copy = copyRow(dataCentre, 'so-tai-chinh', { y2027: 75_000 });
    const flags = computeFlags(inputOf([...rows, copy]));
    expect(withCode(flags, 'possible_duplicate').filter((f) => f.rows.some((r) => r.uid === copy.uid))).toEqual([]);
  });

  it('takes a renamed copy under the same number for the same task, and a different task under it for another', () => {
    const renamed = copyRow(dataCentre, 'so-tai-chinh', {
      name: 'Nâng cấp, mở rộng Trung tâm dữ liệu khối Nhà nước',
      total: 120_000,
      y2027: 90_000,
    });
    expect(withCode(computeFlags(inputOf([...rows, renamed])), 'conflicting_amounts')).toHaveLength(1);
    // Sở Tài chính numbers its own sheet: its "I/B 1" is another task.
    const other = copyRow(rowAt(rows, 'budget', 'II/A', '4'), 'so-tai-chinh', {}, 'own-numbering');
    const own = { ...other, section: 'I/B', code: '1' };
    expect(withCode(computeFlags(inputOf([...rows, own])), 'conflicting_amounts')).toEqual([]);
  });
});

describe('possible_duplicate', () => {
  it('reports an exact copy in another sheet, which the merged budget would count twice', () => {
    const copy = copyRow(dataCentre, 'so-xay-dung');
    const flags = withCode(computeFlags(inputOf([...rows, copy])), 'possible_duplicate');
    const mine = flags.filter((f) => f.rows.some((r) => r.uid === copy.uid));
    expect(mine).toHaveLength(1);
    expect(places(mine[0]!)).toEqual(['budget I/B 1', 'budget I/B 1']);
    expect(mine[0]!.agencyIds).toEqual(['so-khcn', 'so-xay-dung']);
  });

  it('leaves alone a copy within one agency and sibling items of a list', () => {
    const own = copyRow(dataCentre, 'so-khcn');
    const flags = computeFlags(inputOf([...rows, own]));
    expect(withCode(flags, 'possible_duplicate').filter((f) => f.rows.some((r) => r.uid === own.uid))).toEqual([]);
    // "… khối Nhà nước" (Sở KH&CN, Văn phòng UBND tỉnh) and "… khối Đảng" (Văn phòng Tỉnh ủy) are two tasks.
    expect(withCode(flags, 'possible_duplicate').flatMap(places)).not.toContain('budget I/C 5');
  });
});

describe('conflicting_lead', () => {
  const task = rowAt(rows, 'tasks', 'VII', '2.5'); // "Phát triển kho dữ liệu dùng chung của tỉnh", Sở KH&CN.

  it('compares leads as agencies, not as text', () => {
    const spelled = copyRow(task, 'so-tai-chinh', { lead: 'Sở KH&CN' });
    const flags = withCode(computeFlags(inputOf([...rows, spelled])), 'conflicting_lead');
    expect(flags.filter((f) => f.rows.some((r) => r.uid === spelled.uid))).toEqual([]);
  });

  it('reports the same task with another lead, naming both', () => {
    const other = copyRow(task, 'so-tai-chinh', { lead: 'Sở Tài chính' });
    const flags = withCode(computeFlags(inputOf([...rows, other])), 'conflicting_lead').filter((f) =>
      f.rows.some((r) => r.uid === other.uid),
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toContain(
      'Sở Khoa học và Công nghệ ghi Sở Khoa học và Công nghệ; Sở Tài chính ghi Sở Tài chính',
    );
  });

  it('reports a budget line whose lead has nothing in common with its task', () => {
    const edited = editRow(rowAt(rows, 'budget', 'I/B', '5'), { lead: 'Sở Y tế' });
    const flags = withCode(
      computeFlags(inputOf(rows.map((r) => (r.uid === edited.uid ? edited : r)))),
      'conflicting_lead',
    );
    const mine = flags.filter((f) => f.rows.some((r) => r.uid === edited.uid));
    expect(mine.map(places)).toEqual([['budget I/B 5', 'tasks VII 2.5']]);
    expect(mine[0]!.message).toContain('ghi cơ quan chủ trì là Sở Y tế');
    expect(mine[0]!.message).toContain('do Sở Khoa học và Công nghệ chủ trì');
  });
});
