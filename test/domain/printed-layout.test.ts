/** The words the pane, the console and the `.xlsx` share for the merged appendix. */
import { describe, expect, it } from 'vitest';
import { printedTitle, pulledLine, tableDef } from '../../domain/index.js';

describe('printed layout of the merged appendix', () => {
  it('prints the official titles in capitals with a colon', () => {
    expect(printedTitle(tableDef('budget').title)).toBe('PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN');
    expect(printedTitle(tableDef('tasks').title)).toBe('PHỤ LỤC II: DANH MỤC NHÓM NHIỆM VỤ TRỌNG TÂM');
  });

  it('says when the rows were taken, in the province time zone when one is given', () => {
    const at = new Date('2026-03-05T02:07:00Z');
    expect(pulledLine('Đợt thử nghiệm', at, 'Asia/Ho_Chi_Minh')).toBe('Đợt thử nghiệm · lấy lúc 9:07 ngày 5/3/2026');
    expect(pulledLine('Đợt thử nghiệm', new Date('2026-12-31T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe(
      'Đợt thử nghiệm · lấy lúc 0:30 ngày 1/1/2027',
    );
  });
});
