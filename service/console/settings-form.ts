/**
 * Reading the round settings forms: agencies typed one per line (by name, abbreviation or id,
 * matched against the registry), amounts written the Vietnamese way ("9.615.243"), dates from
 * the date picker. Problems come back as Vietnamese sentences, one per field.
 */
import {
  type DeclaredTotals,
  FUNDING_SOURCES,
  type FundingSource,
  formatAmount,
  parseVnNumber,
} from '../../domain/index.js';
import type { RegistryStore } from '../registry-store.js';

export type Form = Record<string, string | File | (string | File)[]>;
export const text = (form: Form, key: string) =>
  typeof form[key] === 'string' ? (form[key] as string).normalize('NFC').trim() : '';

/** Agency ids for the lines of a text area; unknown lines are reported with the nearest names. */
export async function agenciesFromLines(registry: RegistryStore, lines: string, errors: string[]): Promise<string[]> {
  const matcher = await registry.matcher();
  const ids: string[] = [];
  for (const line of lines
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')) {
    const agency = (await registry.get(line)) ?? matcher.lookup(line)?.agency;
    if (agency) ids.push(agency.id);
    else {
      const near = matcher.suggest(line);
      errors.push(
        `Không có cơ quan «${line}» trong danh mục${near.length ? `; có phải là ${near.map((n) => `«${n}»`).join(' hoặc ')}?` : '.'}`,
      );
    }
  }
  return [...new Set(ids)].sort();
}

function amountField(form: Form, key: string, label: string, errors: string[]): number | undefined {
  const raw = text(form, key);
  if (raw === '') return undefined;
  const parsed = parseVnNumber(raw);
  if (!parsed.ok) {
    errors.push(`${label}: ${parsed.reason}. Viết số theo kiểu 9.615.243.`);
    return undefined;
  }
  if (parsed.value !== null && parsed.value < 0) {
    errors.push(`${label}: không được là số âm.`);
    return undefined;
  }
  return parsed.value ?? undefined;
}

export const SOURCE_FIELD_LABELS: Record<FundingSource, string> = {
  provincial: 'Ngân sách tỉnh',
  central: 'Ngân sách Trung ương hỗ trợ có mục tiêu',
  non_state: 'Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác',
};

/** The declared totals of the form (`grand`, `year-2026`…, `source-provincial`…), or null when all are blank. */
export function declaredFromForm(form: Form, years: readonly number[], errors: string[]): DeclaredTotals | null {
  const grand = amountField(form, 'grand', 'Tổng nhu cầu vốn cả giai đoạn', errors);
  const byYear: Record<string, number> = {};
  for (const y of years) {
    const v = amountField(form, `year-${y}`, `Năm ${y}`, errors);
    if (v !== undefined) byYear[String(y)] = v;
  }
  const sources: Partial<Record<FundingSource, number>> = {};
  for (const s of FUNDING_SOURCES) {
    const v = amountField(form, `source-${s}`, SOURCE_FIELD_LABELS[s], errors);
    if (v !== undefined) sources[s] = v;
  }
  const out: DeclaredTotals = {};
  if (grand !== undefined) out.grand = grand;
  if (Object.keys(byYear).length) out.years = byYear;
  if (Object.keys(sources).length) out.sources = sources;
  return Object.keys(out).length ? out : null;
}

/** The form's fields for existing totals: "9.615.243". */
export function declaredToFields(d: DeclaredTotals | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d) return out;
  if (d.grand !== undefined) out.grand = formatAmount(d.grand);
  for (const [y, v] of Object.entries(d.years ?? {})) out[`year-${y}`] = formatAmount(v);
  for (const [s, v] of Object.entries(d.sources ?? {})) out[`source-${s}`] = formatAmount(v);
  return out;
}

export function dateField(form: Form, key: string, errors: string[]): string | null {
  const raw = text(form, key);
  if (raw === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))) return raw;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  if (vn) return `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}`;
  errors.push(`Hạn gửi «${raw}» không đúng dạng ngày (ví dụ 15/12/2026).`);
  return null;
}

export function yearField(form: Form, key: string, label: string, errors: string[]): number {
  const raw = text(form, key);
  const n = Number(raw);
  if (!/^\d{4}$/.test(raw) || n < 2000 || n > 2100) {
    errors.push(`${label} phải là một năm, ví dụ 2026.`);
    return 0;
  }
  return n;
}
