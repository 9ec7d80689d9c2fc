/**
 * The figures behind a flag, laid out for its code: each agency's money side by side with the
 * years that disagree marked, the declared total against the sum, the leads each agency names.
 */
import type { FlagCode } from '../../domain/index.js';
import { amount, difference } from './components.js';
import { formatDate } from './labels.js';

type Figures = Record<string, unknown>;
type Money = { total: number; years: Record<string, number> };

export function FlagFigures(props: { code: string; figures: Figures; names: Map<string, string> }) {
  const { figures, names } = props;
  const name = (id: string) => names.get(id) ?? (id.startsWith('?') ? `«${id.slice(1)}» (chưa có trong danh mục)` : id);
  switch (props.code as FlagCode) {
    case 'conflicting_amounts': {
      const agencies = Object.entries((figures.agencies ?? {}) as Record<string, Money>);
      const years = [...new Set(agencies.flatMap(([, m]) => Object.keys(m.years)))].sort();
      const columns: { label: string; get: (m: Money) => number }[] = [
        { label: 'Cả giai đoạn', get: (m) => m.total },
        ...years.map((y) => ({ label: `Năm ${y}`, get: (m: Money) => m.years[y] ?? 0 })),
      ];
      return (
        <table id="figures">
          <caption>
            Số liệu từng cơ quan ghi cho nhiệm vụ này (triệu đồng)
            <span class="hint">Ô tô màu cam và có chữ «khác» là số không thống nhất giữa các cơ quan.</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">Cơ quan</th>
              {columns.map((c) => (
                <th scope="col" class="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {agencies.map(([id, money]) => (
              <tr>
                <th scope="row">{name(id)}</th>
                {columns.map((c) => {
                  const differs = agencies.some(([, other]) => c.get(other) !== c.get(money));
                  return (
                    <td class={`num${differs ? ' differs' : ''}`}>
                      {amount(c.get(money))}
                      {differs && <span class="sr-only"> (khác)</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'declared_total_mismatch':
      return (
        <dl class="facts" id="figures">
          <dt>Số nêu trong kế hoạch</dt>
          <dd>{`${amount(figures.declared as number)} triệu đồng`}</dd>
          <dt>Cộng từ các dòng của các cơ quan</dt>
          <dd>{`${amount(figures.actual as number)} triệu đồng`}</dd>
          <dt>Chênh lệch</dt>
          <dd class="sub-missing">{`${difference(figures.difference as number)} triệu đồng`}</dd>
        </dl>
      );
    case 'conflicting_lead': {
      if (figures.leads) {
        return (
          <table id="figures">
            <caption>Cơ quan chủ trì mà từng cơ quan ghi</caption>
            <thead>
              <tr>
                <th scope="col">Cơ quan gửi</th>
                <th scope="col">Ghi cơ quan chủ trì là</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(figures.leads as Record<string, string[]>).map(([id, leads]) => (
                <tr>
                  <th scope="row">{name(id)}</th>
                  <td>{leads.length ? leads.map(name).join('; ') : '(để trống)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      }
      return (
        <dl class="facts" id="figures">
          <dt>Dòng kinh phí ghi chủ trì</dt>
          <dd>{((figures.budgetLeads ?? []) as string[]).map(name).join('; ') || '(để trống)'}</dd>
          <dt>Danh mục nhiệm vụ ghi chủ trì</dt>
          <dd>{((figures.taskLeads ?? []) as string[]).map(name).join('; ') || '(để trống)'}</dd>
        </dl>
      );
    }
    case 'possible_duplicate':
      return (
        <dl class="facts" id="figures">
          <dt>Mức giống nhau của tên</dt>
          <dd>{`${Math.round(Number(figures.similarity ?? 0) * 100)}%`}</dd>
        </dl>
      );
    case 'submitter_not_involved':
      return (
        <dl class="facts" id="figures">
          <dt>Cơ quan chủ trì ghi trên dòng</dt>
          <dd>{String(figures.lead ?? '') || '(để trống)'}</dd>
          <dt>Cơ quan phối hợp ghi trên dòng</dt>
          <dd>{String(figures.partners ?? '') || '(để trống)'}</dd>
        </dl>
      );
    case 'missing_submission':
      return (
        <dl class="facts" id="figures">
          <dt>Hạn gửi</dt>
          <dd>{formatDate(String(figures.dueDate ?? ''))}</dd>
        </dl>
      );
    default:
      return null;
  }
}
