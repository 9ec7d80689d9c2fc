/**
 * Findings grouped by row, in sheet order. Clicking a finding selects its cell; a suggestion is
 * one click away. Long lists stop after a few hundred rows: fixing the first ones comes first.
 */
import type { PlacedFinding } from '../../sheet/check.js';
import type { RowComment } from '../../sheet/comments.js';
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { n, T, viDateTime } from '../text.js';

const MAX_ROWS = 150;

function groups(findings: readonly PlacedFinding[]): PlacedFinding[][] {
  const byUid = new Map<string, PlacedFinding[]>();
  for (const f of findings) byUid.set(f.uid, [...(byUid.get(f.uid) ?? []), f]);
  return [...byUid.values()].sort((a, b) => a[0]!.sheetRow - b[0]!.sheetRow);
}

export function findings(s: PaneState, ctl: PaneController) {
  const c = s.check;
  if (!c || c.table !== s.table || c.findings.length === 0) return null;
  const all = groups(c.findings);
  const shown = all.slice(0, MAX_ROWS);
  return h(
    'section',
    { class: 'card findings', 'aria-labelledby': 'findings-title' },
    h(
      'h2',
      { id: 'findings-title' },
      c.fromServer ? T.serverFindings : T.findingsTitle,
      c.errors ? h('span', { class: 'count error', title: T.error }, n(c.errors)) : null,
      c.warnings ? h('span', { class: 'count warning', title: T.warning }, n(c.warnings)) : null,
    ),
    h(
      'ol',
      { class: 'groups' },
      shown.map((g) => {
        const first = g[0]!;
        return h(
          'li',
          { class: 'group' },
          h(
            'h3',
            null,
            h('span', { class: 'rowno' }, T.row(first.sheetRow)),
            first.rowLabel ? h('span', { class: 'rowlabel' }, first.rowLabel) : null,
          ),
          h(
            'ul',
            null,
            g.map((f, i) => item(f, i, s, ctl)),
          ),
        );
      }),
    ),
    all.length > MAX_ROWS ? h('p', { class: 'hint' }, T.moreFindings(all.length - MAX_ROWS)) : null,
  );
}

function item(f: PlacedFinding, i: number, s: PaneState, ctl: PaneController) {
  const key = `f-${f.uid}-${f.column?.key ?? 'row'}-${f.code}-${i}`;
  return h(
    'li',
    { class: `finding ${f.severity}` },
    h(
      'button',
      { type: 'button', class: 'goto', title: T.goToCell, 'data-focus': key, onclick: () => void ctl.selectFinding(f) },
      h('span', { class: `badge ${f.severity}` }, f.severity === 'error' ? T.error : T.warning),
      f.column ? h('span', { class: 'colname' }, f.column.header) : null,
      h('span', { class: 'message' }, f.message),
    ),
    f.suggestion !== null && f.column && !s.check?.fromServer
      ? h(
          'button',
          {
            type: 'button',
            class: 'apply',
            title: T.applyHint,
            disabled: s.busy !== null,
            'data-focus': `${key}-apply`,
            onclick: () => void ctl.applySuggestion(f),
          },
          T.apply(f.suggestion, f.column.key, f.code, f.column.header),
        )
      : null,
  );
}

export function comments(s: PaneState, ctl: PaneController) {
  if (s.comments.length === 0) return null;
  const labels = s.server?.table === s.table ? s.server.labels : {};
  return h(
    'section',
    { class: 'card comments', 'aria-labelledby': 'comments-title' },
    h('h2', { id: 'comments-title' }, T.commentsTitle, h('span', { class: 'count' }, n(s.comments.length))),
    h(
      'ul',
      null,
      s.comments.map((c: RowComment, i) =>
        h(
          'li',
          { class: 'comment' },
          h(
            'button',
            {
              type: 'button',
              class: 'goto',
              'data-focus': `c-${i}`,
              title: T.goToCell,
              onclick: () => void ctl.selectRow(c.uid, '_comments'),
            },
            labels[c.uid] ? h('span', { class: 'rowlabel' }, labels[c.uid]) : null,
            h('span', { class: 'who' }, `${c.author} · ${viDateTime(c.createdAt)}`),
            h('span', { class: 'body' }, c.body),
          ),
          c.flagId && c.author !== s.me?.label ? answer(c.flagId, i, s, ctl) : null,
        ),
      ),
    ),
  );
}

/** «Đã sửa» in one click, or a reply typed in. */
function answer(flagId: string, i: number, s: PaneState, ctl: PaneController) {
  const input = h('input', {
    type: 'text',
    id: `reply-${i}`,
    class: 'reply',
    maxlength: 4000,
    'aria-label': T.replyLabel,
    'data-focus': `reply-${i}`,
  });
  return h(
    'form',
    {
      class: 'answer',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (input.value.trim()) void ctl.replyToComment(flagId, input.value, false);
      },
    },
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        title: T.replyFixedHint,
        disabled: s.busy !== null,
        'data-focus': `fixed-${i}`,
        onclick: () => void ctl.replyToComment(flagId, input.value, true),
      },
      T.replyFixed,
    ),
    input,
    h(
      'button',
      { type: 'submit', class: 'secondary', disabled: s.busy !== null, 'data-focus': `send-${i}` },
      T.replySend,
    ),
  );
}
