/**
 * target_behind: a target of Phụ lục I whose reached value is below the straight line from 0 at
 * the plan's start to its value for the plan's last year, at the end of the period. Only for
 * shares (`%`) and counts (`Doanh nghiệp`, `Trường`, `Sản phẩm`…): a rank, an index or money does
 * not grow in a straight line, and a target typed as text («Đạt chuẩn») has no pace.
 */
import { periodLabel, periodRange } from '../../progress/period.js';
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { answersOf, cellNumber } from '../progress-input.js';

/** Units that are not counts of things: money, measures, time, ranks and indexes. */
const NOT_COUNTED =
  /đồng|usd|\$|km|\bm\b|m2|m²|ha\b|héc|tấn|kg|kwh|mw|mbps|gbps|\bgb\b|\btb\b|giờ|ngày|tháng|năm|điểm|hạng|bậc|chỉ số|lần|\d/i;

/** Whether a unit makes a straight-line pace meaningful: a share or a count. */
export function pacedUnit(unit: string): boolean {
  const u = unit.trim();
  return u === '%' || (u !== '' && !NOT_COUNTED.test(u));
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

export function targetBehind(ctx: RoundContext): Flag[] {
  const { progress, agencyName, period } = ctx.input;
  if (!progress) return [];
  const answers = answersOf(progress, 0, 'target-progress');
  const start = day(`${period.from}-01-01`);
  const end = day(`${period.to}-12-31`) + 1;
  const elapsed = Math.min(1, Math.max(0, (day(periodRange(progress.period).to) + 1 - start) / (end - start)));
  const out: Flag[] = [];
  for (const target of progress.targets) {
    const unit = String(target.cells.unit ?? '').trim();
    const goal = cellNumber(target.cells.target);
    const answer = answers.get(target.uid);
    const reached = cellNumber(answer?.cells.reached);
    if (!answer || reached === null || goal === null || goal <= 0 || !pacedUnit(unit)) continue;
    const expected = goal * elapsed;
    if (reached >= expected) continue;
    out.push(
      makeFlag({
        code: 'target_behind',
        table: 'target-progress',
        rows: [answer],
        agencyIds: [target.reporter],
        message: flagMessages.targetBehind(
          String(target.cells.content ?? ''),
          place(target.section, target.code),
          agencyName(target.reporter),
          { reached, expected, target: goal, unit, period: periodLabel(progress.period), year: period.to },
        ),
        figures: { reached, expected: Math.round(expected * 10) / 10, target: goal, unit },
      }),
    );
  }
  return out;
}
