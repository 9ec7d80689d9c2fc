/**
 * The real plan 003 as a round: each item in the sheet of its first lead agency. What the rules
 * report here is what a validator would be shown for the plan as published.
 */
import { describe, expect, it } from 'vitest';
import { NameReader } from '../../domain/consistency/names.js';
import { computeFlags, flagSchema, tableDef } from '../../domain/index.js';
import { inputOf, PLAN_TOTALS, places, withCode } from './input.js';
import { realRound } from './real-rows.js';

const rows = realRound();
const flags = computeFlags(inputOf(rows, { declaredTotals: PLAN_TOTALS }));

describe('the real round of plan 003', () => {
  it('has the shape of flags the service stores, in Vietnamese NFC', () => {
    for (const flag of flags) {
      expect(flagSchema.parse(flag)).toEqual(flag);
      expect(flag.message.normalize('NFC')).toBe(flag.message);
      expect(flag.id.startsWith(`${flag.code}-`)).toBe(true);
    }
  });

  it('finds no conflicting money, no submitter outside its rows and totals equal to the plan text', () => {
    expect(withCode(flags, 'conflicting_amounts')).toEqual([]);
    expect(withCode(flags, 'submitter_not_involved')).toEqual([]);
    expect(withCode(flags, 'declared_total_mismatch')).toEqual([]);
    expect(withCode(flags, 'missing_submission')).toEqual([]);
  });

  it('reports the near-duplicate names sent by different agencies', () => {
    expect(withCode(flags, 'possible_duplicate').map(places).sort()).toEqual([
      // MISTAKES.md: "Phát triển các nền tảng tiện ích số phục vụ cộng đồng: …" / "…, các mô hình xã, phường chuyển đổi số".
      ['budget IV 11', 'budget IV 12'],
      // "Phát triển kinh tế số trong các khu công nghiệp" (BQL các KCN) / "… trong công nghiệp" (Sở Công Thương).
      ['tasks I 2.14', 'tasks VIII 3.2'],
    ]);
    const budget = withCode(flags, 'possible_duplicate').find((f) => f.table === 'budget')!;
    expect(budget.message).toContain('Ủy ban nhân dân các xã, phường');
    expect(budget.message).toContain('Các sở, ngành phụ trách lĩnh vực');
    expect(budget.message).toContain('500.000 triệu đồng');
  });

  it('reports one task named by two agencies with different leads, and budget lines led apart from their task', () => {
    expect(withCode(flags, 'conflicting_lead').map(places).sort()).toEqual(
      [
        // Budget line led by five wards; its task "Phát triển đô thị thông minh" by Sở Xây dựng.
        ['budget I/C 3', 'tasks VII 3.5'],
        // Party data centre (Văn phòng Tỉnh ủy) funds "Nâng cấp, phát triển trung tâm dữ liệu của tỉnh" (Sở KH&CN).
        ['budget I/B 2', 'tasks VII 2.1'],
        ['budget IV 12', 'tasks X 2.5'],
        // The same name once folded: "Phát triển kinh tế số (theo) ngành, lĩnh vực", "… về KH&CN và ĐMST",
        // "Phát huy vai trò Tổ công nghệ số cộng đồng (trong)".
        ['tasks II 1.2', 'tasks VIII 3'],
        ['tasks IX 4.4', 'tasks V 4'],
        ['tasks VI 3', 'tasks X 1.8'],
      ]
        .map((p) => p.sort())
        .sort(),
    );
    const abbreviated = withCode(flags, 'conflicting_lead').find((f) => places(f).includes('tasks IX 4.4'))!;
    expect(abbreviated.message).toContain('Sở Khoa học và Công nghệ ghi Sở Khoa học và Công nghệ');
    expect(abbreviated.message).toContain('Các sở, ngành phụ trách lĩnh vực ghi Các sở, ngành phụ trách lĩnh vực');
  });

  it('links 19 of the 68 budget items to a task and notes the other 49', () => {
    const unlinked = withCode(flags, 'unlinked_budget');
    expect(unlinked).toHaveLength(49);
    expect(unlinked.every((f) => f.severity === 'info' && f.rows.length === 1)).toBe(true);
    const linked = new Set(rows.filter((r) => r.table === 'budget').map((r) => r.uid));
    for (const f of unlinked) linked.delete(f.rows[0]!.uid);
    expect(linked.size).toBe(19);
  });

  it('gives the same flags when the names come read by a reader of its own (ConsistencyInput.names)', () => {
    // The service's round index reads names once and lends them to the rules; a reader that
    // has already read other names gives other ids, which must not change a flag.
    const reader = new NameReader();
    for (const name of ['Phát triển hạ tầng số', 'Ứng dụng trí tuệ nhân tạo (AI) trong y tế']) reader.read(name);
    const forms = (name: string) => {
      const read = reader.read(name);
      const whole = reader.identifying(read);
      return read.headLength > 0 ? [whole, reader.identifying(read, read.headLength)] : [whole];
    };
    const lent = computeFlags({
      ...inputOf(rows, { declaredTotals: PLAN_TOTALS }),
      names: { texts: reader.texts, forms },
    });
    expect(lent).toEqual(flags);
    expect(reader.texts.length, 'the names were read through the lent reader').toBeGreaterThan(
      rows.filter((r) => r.cells[tableDef(r.table).nameKey]).length / 10,
    );
  });
});
