import { describe, expect, it } from 'vitest';
import { computeFlags } from '../../domain/index.js';
import { inputOf, rowAt, withCode } from './input.js';
import { copyRow, realRound } from './real-rows.js';

const rows = realRound();

describe('missing_submission', () => {
  const round = (now: string) =>
    inputOf(rows, {
      expectedAgencies: ['so-khcn', 'so-y-te', 'xa-bao-ha', 'so-y-te'],
      lastSyncByAgency: { 'so-khcn': '2026-05-19T08:00:00.000Z' },
      dueDate: '2026-05-20',
      now: new Date(now),
    });

  it('says nothing until the due date is over in Vietnam (UTC+7)', () => {
    expect(withCode(computeFlags(round('2026-05-20T16:59:59.999Z')), 'missing_submission')).toEqual([]);
  });

  it('names each expected agency that never synced once the day is over', () => {
    const flags = withCode(computeFlags(round('2026-05-20T17:00:00.000Z')), 'missing_submission').sort((a, b) =>
      a.agencyIds[0]!.localeCompare(b.agencyIds[0]!),
    );
    expect(flags.map((f) => f.agencyIds)).toEqual([['so-y-te'], ['xa-bao-ha']]);
    expect(flags[0]!.message).toBe('Sở Y tế chưa gửi số liệu, đã quá hạn ngày 20/5/2026.');
    expect(flags[0]!.figures).toEqual({ dueDate: '2026-05-20' });
    expect(flags[0]!.table).toBeNull();
    expect(flags[0]!.rows).toEqual([]);
  });

  it('says nothing without a due date', () => {
    expect(
      withCode(
        computeFlags(inputOf(rows, { expectedAgencies: ['so-y-te'], now: new Date('2030-01-01') })),
        'missing_submission',
      ),
    ).toEqual([]);
  });
});

describe('submitter_not_involved', () => {
  const flagsFor = (row: ReturnType<typeof copyRow>) =>
    withCode(computeFlags(inputOf([...rows, row])), 'submitter_not_involved').filter((f) => f.rows[0]!.uid === row.uid);

  it('reports a row in the sheet of an agency that neither leads nor coordinates it', () => {
    // "Nâng cấp Trung tâm dữ liệu của khối Đảng": Văn phòng Tỉnh ủy with five departments and Công an tỉnh.
    const misplaced = copyRow(rowAt(rows, 'budget', 'I/B', '2'), 'so-y-te');
    const [flag] = flagsFor(misplaced);
    expect(flag!.agencyIds).toEqual(['so-y-te']);
    expect(flag!.message).toContain('nằm trong bảng của Sở Y tế, nhưng Sở Y tế không phải cơ quan chủ trì');
    expect(flag!.message).toContain('«Văn phòng Tỉnh uỷ»');
  });

  it('counts a named partner and membership of a group', () => {
    // Partners "Sở Tài chính, Sở Khoa học và Công nghệ, …": Sở Tài chính coordinates.
    expect(flagsFor(copyRow(rowAt(rows, 'budget', 'I/B', '2'), 'so-tai-chinh'))).toEqual([]);
    // Lead "Các sở, ngành; UBND cấp xã": every department and every commune.
    const task = rowAt(rows, 'tasks', 'I', '1.2');
    expect(flagsFor(copyRow(task, 'so-y-te'))).toEqual([]);
    expect(flagsFor(copyRow(task, 'xa-bao-ha'))).toEqual([]);
    // …but not a mass organisation.
    expect(flagsFor(copyRow(task, 'hoi-nong-dan-tinh'))).toHaveLength(1);
  });

  it('holds a group to its own name in its own sheet', () => {
    // "Các sở, ngành" leads I 1.2 itself; "Các sở, ban, ngành" is a different group.
    const task = rowAt(rows, 'tasks', 'I', '1.2');
    expect(flagsFor(copyRow(task, 'cac-so-nganh'))).toEqual([]);
    expect(flagsFor(copyRow(task, 'cac-so-ban-nganh'))).toHaveLength(1);
  });
});
