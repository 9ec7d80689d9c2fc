import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgencyMatcher } from '../../domain/index.js';
import { registry } from '../support/fixtures.js';

const matcher = new AgencyMatcher(registry);
const named = registry.agencies.filter((a) => a.kind !== 'group');

/** Ways people write the same name: old tone placement, decomposed Unicode, case, spacing. */
const spellings = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => s.normalize('NFD'),
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => s.replace(/hóa/g, 'hoá').replace(/ủy/g, 'uỷ').replace(/Ủy/g, 'Uỷ').replace(/thủy/g, 'thuỷ'),
  (s) => `  ${s.replace(/ /g, '   ')} `,
);

describe('AgencyMatcher', () => {
  it('matches every registry name however it is spelt, as the same agency and without a warning', () => {
    fc.assert(
      fc.property(fc.constantFrom(...named), spellings, (agency, spell) => {
        const m = matcher.match(spell(agency.name));
        expect(m.via).toBe('exact');
        if (m.via !== 'unknown') expect(m.agency.id).toBe(agency.id);
      }),
      { numRuns: 500 },
    );
  });

  it('recognises the usual abbreviations as aliases of the canonical name', () => {
    for (const [written, canonical] of [
      ['Sở KH&CN', 'Sở Khoa học và Công nghệ'],
      ['Sở GD&ĐT', 'Sở Giáo dục và Đào tạo'],
      ['Sở VH-TT&DL', 'Sở Văn hóa, Thể thao và Du lịch'],
      ['Sở VHTT&DL', 'Sở Văn hóa, Thể thao và Du lịch'],
      ['Sở NN&MT', 'Sở Nông nghiệp và Môi trường'],
    ] as const) {
      const m = matcher.match(written);
      expect(m.via, written).toBe('alias');
      if (m.via !== 'unknown') expect(m.agency.name).toBe(canonical);
    }
    expect(matcher.match('UBND tỉnh').via).toBe('exact');
  });

  it('splits any list of agencies joined by ";" or ", " back into the same agencies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...named), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('; ', ', ', ' ; ', ';\n', '\n', '\r\n'),
        (list, sep) => {
          // A comma list is only unambiguous when no piece is itself a prefix of a longer name.
          fc.pre(sep.trim() !== ',' || list.every((a) => !a.name.includes(',')));
          const ids = matcher
            .matchList(list.map((a) => a.name).join(sep))
            .map((m) => (m.via === 'unknown' ? `?${m.raw}` : m.agency.id));
          expect(ids).toEqual(list.map((a) => a.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps names that contain a comma whole, and reads groups as groups', () => {
    const names = (cell: string) =>
      matcher.matchList(cell).map((m) => (m.via === 'unknown' ? `?${m.raw}` : `${m.agency.name}/${m.agency.kind}`));
    expect(names('Sở Văn hóa, Thể thao và Du lịch, Sở Y tế')).toEqual([
      'Sở Văn hóa, Thể thao và Du lịch/department',
      'Sở Y tế/department',
    ]);
    expect(names('Các sở, ban, ngành, địa phương')).toHaveLength(1);
    expect(matcher.matchList('Các sở, ngành')[0]).toMatchObject({ agency: { kind: 'group' } });
    expect(matcher.matchList('UBND cấp xã')[0]).toMatchObject({ agency: { kind: 'group' } });
    expect(matcher.matchList('Các doanh nghiệp viễn thông')[0]).toMatchObject({ agency: { kind: 'group' } });
  });

  it('reads "Các phường Lào Cai, Cam Đường, Sa Pa…" as those wards', () => {
    const list = matcher.matchList('Các phường Lào Cai, Cam Đường, Sa Pa, Yên Bái, Nghĩa Lộ');
    expect(list.map((m) => (m.via === 'unknown' ? `?${m.raw}` : m.agency.name))).toEqual([
      'Phường Lào Cai',
      'Phường Cam Đường',
      'Phường Sa Pa',
      'Phường Yên Bái',
      'Phường Nghĩa Lộ',
    ]);
  });

  it('splits "A và B" only when both sides are agencies', () => {
    const list = matcher.matchList(
      'Trường Cao Đẳng Lào Cai, Trường Cao đẳng Nghề Yên Bái và Phân hiệu ĐH Thái Nguyên tại Lào Cai',
    );
    expect(list.every((m) => m.via !== 'unknown')).toBe(true);
    expect(list).toHaveLength(3);
    expect(matcher.matchList('Sở Khoa học và Công nghệ')).toHaveLength(1);
  });

  it('suggests the nearest names for an unknown one', () => {
    const m = matcher.match('Sở Khoa hoc Cong nghe');
    expect(m.via).toBe('unknown');
    if (m.via === 'unknown') expect(m.suggestions[0]).toBe('Sở Khoa học và Công nghệ');
    const none = matcher.match('Công ty TNHH Một Thành Viên Xyz');
    expect(none.via).toBe('unknown');
  });

  it('suggests the agency for a name typed without tone marks', () => {
    for (const typed of ['So Tai chinh Lao Cai', 'so giao duc va dao tao', 'UBND xa Bat Xat']) {
      const m = matcher.match(typed);
      expect(m.via).toBe('unknown');
      if (m.via === 'unknown') expect({ typed, first: m.suggestions[0] }).toEqual({ typed, first: expect.any(String) });
    }
    const finance = matcher.match('So Tai chinh Lao Cai');
    if (finance.via === 'unknown') expect(finance.suggestions[0]).toBe('Sở Tài chính');
    const education = matcher.match('so giao duc va dao tao');
    if (education.via === 'unknown') expect(education.suggestions[0]).toBe('Sở Giáo dục và Đào tạo');
  });
});
