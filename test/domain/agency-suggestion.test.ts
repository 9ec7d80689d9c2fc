/**
 * When a name is not in the registry, a one-click fix is offered only for a registry name that
 * is close and clearly ahead of the next one (FIX_SIMILARITY, FIX_MARGIN, measured in
 * bench/suggest-threshold.ts); otherwise the message lists the nearest names to look at, with
 * no fix. Real names of the Lào Cai registry and of plan 003's tasks.
 */
import { describe, expect, it } from 'vitest';
import { AgencyMatcher, FIX_MARGIN, FIX_SIMILARITY, validateTable } from '../../domain/index.js';
import { appendix, registry } from '../support/fixtures.js';

// The registry as it was before the province CDC was added: its name is unknown there.
const withoutCdc = { agencies: registry.agencies.filter((a) => a.id !== 'trung-tam-kiem-soat-benh-tat-tinh') };

describe('suggestions for an unknown agency', () => {
  it('offers no «Sở Y tế; Trung tâm Kiểm định…» fix for «Trung tâm Kiểm soát bệnh tật», only candidates', () => {
    const rows = appendix('tasks').map((r) => ({ ...r }));
    const i = rows.findIndex((r) => r.lead === 'Sở Y tế');
    expect(i).toBeGreaterThanOrEqual(0);
    rows[i]!.partners = 'Sở Y tế; Trung tâm Kiểm soát bệnh tật';
    const findings = validateTable(rows, { table: 'tasks', registry: withoutCdc }).findings.filter(
      (f) => f.row === i + 1 && f.code === 'unknown_agency',
    );
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f!.suggestion ?? null).toBeNull();
    expect(f!.message).toContain('Không tìm thấy cơ quan «Trung tâm Kiểm soát bệnh tật» trong danh mục.');
    expect(f!.message).toContain('Các tên gần giống trong danh mục: «Trung tâm Kiểm định và Kiểm nghiệm hàng hóa»');
    expect(f!.message).not.toContain('Có phải là');
    const m = new AgencyMatcher(withoutCdc).match('Trung tâm Kiểm soát bệnh tật');
    expect(m.via === 'unknown' && m.fix).toBe(null);
    expect(m.via === 'unknown' && m.suggestions[0]).toBe('Trung tâm Kiểm định và Kiểm nghiệm hàng hóa');
  });

  it('knows the province CDC now, by its name and the ways it is written', () => {
    const matcher = new AgencyMatcher(registry);
    for (const name of ['Trung tâm Kiểm soát bệnh tật tỉnh', 'Trung tâm Kiểm soát bệnh tật', 'CDC Lào Cai'])
      expect(matcher.lookup(name)?.agency.id, name).toBe('trung-tam-kiem-soat-benh-tat-tinh');
  });

  it('still fixes a name typed without tone marks, or with a typo, in one click', () => {
    const matcher = new AgencyMatcher(registry);
    for (const [typed, name] of [
      ['So Tai chinh Lao Cai', 'Sở Tài chính'],
      ['so giao duc va dao tao', 'Sở Giáo dục và Đào tạo'],
      ['Sở Khoa hoc Cong nghe', 'Sở Khoa học và Công nghệ'],
    ] as const) {
      const m = matcher.match(typed);
      expect({ typed, fix: m.via === 'unknown' ? m.fix : 'known' }).toEqual({ typed, fix: name });
    }
  });

  it('offers no fix when two registry names are about as near (one word apart)', () => {
    const matcher = new AgencyMatcher(registry);
    const m = matcher.match('Bệnh viện Đa khoa Số 3 tỉnh Lào Cai');
    expect(m.via).toBe('unknown');
    if (m.via !== 'unknown') return;
    expect(m.suggestions.slice(0, 2).sort()).toEqual([
      'Bệnh viện Đa khoa Số 1 tỉnh Lào Cai',
      'Bệnh viện Đa khoa Số 2 tỉnh Lào Cai',
    ]);
    expect(m.fix).toBeNull();
    const scored = matcher.suggestScored('Bệnh viện Đa khoa Số 3 tỉnh Lào Cai');
    expect(scored[0]!.score).toBeGreaterThanOrEqual(FIX_SIMILARITY);
    expect(scored[0]!.score - scored[1]!.score).toBeLessThan(FIX_MARGIN);
  });
});
