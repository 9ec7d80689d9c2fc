/** Small pieces shared by the console's pages: badges, messages, the pager, the CSRF field. */
import type { Child } from 'hono/jsx';
import { type FlagCode, type FlagSeverity, formatAmount } from '../../domain/index.js';
import type { FlagStatus } from '../flags/review.js';
import { FLAG_CODE_LABELS, SEVERITY_LABELS, STATUS_LABELS } from './labels.js';

export function SeverityBadge(props: { severity: string }) {
  return (
    <span class={`badge sev-${props.severity}`}>
      {SEVERITY_LABELS[props.severity as FlagSeverity] ?? props.severity}
    </span>
  );
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge st-${props.status}`}>{STATUS_LABELS[props.status as FlagStatus] ?? props.status}</span>;
}

export const codeLabel = (code: string) => FLAG_CODE_LABELS[code as FlagCode] ?? code;

/** A confirmation after an action: announced politely by screen readers. */
export function Notice(props: { children: Child }) {
  return (
    <div class="notice" role="status">
      {props.children}
    </div>
  );
}

/** Why a form was not saved: announced at once. */
export function ErrorBox(props: { title?: string; messages: readonly string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="alert" role="alert">
      <strong>{props.title ?? 'Chưa lưu được'}</strong>
      {props.messages.length === 1 ? (
        <p>{props.messages[0]}</p>
      ) : (
        <ul>
          {props.messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function CsrfField(props: { csrf: string }) {
  return <input type="hidden" name="_csrf" value={props.csrf} />;
}

/** "9.615.243", or a dash for nothing. */
export function amount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : formatAmount(value);
}

/**
 * A share in Vietnamese writing: "12,3%", "0,04%" (two figures kept for a small one), "+0,1%"
 * when `signed`; a dash when the whole is zero.
 */
export function percent(part: number, whole: number, signed = false): string {
  if (!whole) return '—';
  const p = (part / whole) * 100;
  const digits = Math.abs(p) >= 1 || p === 0 ? 1 : 2;
  const text = `${Math.abs(p).toLocaleString('vi-VN', { maximumFractionDigits: digits })}%`;
  return signed ? `${p > 0 ? '+' : p < 0 ? '−' : ''}${text}` : `${p < 0 ? '−' : ''}${text}`;
}

/** A signed difference: "+6.500", "−1.300", "0". */
export function difference(value: number): string {
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${formatAmount(Math.abs(value))}`;
}

/** Page links 1 … n around the current one; `href(page)` builds each link. */
export function Pager(props: { page: number; pages: number; href: (page: number) => string; label?: string }) {
  const { page, pages, href } = props;
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: Child[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - shown[i - 1]! > 1) items.push(<span aria-hidden="true">…</span>);
    items.push(
      p === page ? (
        <span class="current" aria-current="page">{`Trang ${p}`}</span>
      ) : (
        <a href={href(p)}>{`Trang ${p}`}</a>
      ),
    );
  });
  return (
    <nav class="pager" aria-label={props.label ?? 'Phân trang'}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          ← Trang trước
        </a>
      )}
      {items}
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          Trang sau →
        </a>
      )}
    </nav>
  );
}
