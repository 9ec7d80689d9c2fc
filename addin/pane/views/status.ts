/** What just happened: the notice, the waiting queue, a conflict to resolve, the last sync's result. */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { T } from '../text.js';

export function notice(s: PaneState, ctl: PaneController) {
  const n = s.notice;
  if (!n) return null;
  return h(
    'div',
    { class: `notice ${n.kind}`, role: n.kind === 'error' ? 'alert' : 'status' },
    h('p', null, n.text),
    n.action === 'reload'
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-focus': 'notice-reload', onclick: () => void ctl.reload() },
          T.conflictReload,
        )
      : null,
    n.action === 'retry'
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-focus': 'notice-retry', onclick: () => void ctl.retryNow() },
          T.retryNow,
        )
      : null,
  );
}

export function queue(s: PaneState, ctl: PaneController) {
  const q = s.queue;
  if (q.mine === 0 && q.elsewhere === 0 && q.durable) return null;
  return h(
    'div',
    { class: 'notice info queue', role: 'status' },
    q.mine > 0 ? h('p', null, T.pending(q.mine)) : null,
    q.elsewhere > 0 ? h('p', null, T.pendingElsewhere(q.elsewhere)) : null,
    q.elsewhere > 0 ? discard(q, ctl) : null,
    q.durable ? null : h('p', null, T.notDurable),
    q.mine > 0 && q.retryAt
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-focus': 'queue-retry', onclick: () => void ctl.retryNow() },
          T.retryNow,
        )
      : null,
  );
}

/** Dropping other workbooks' sends loses their data: a second, explicit click. */
function discard(q: PaneState['queue'], ctl: PaneController) {
  const button = (id: string, label: string, run: () => void, primary = false, title?: string) =>
    h(
      'button',
      { type: 'button', class: primary ? 'primary' : 'secondary', id, 'data-focus': id, title, onclick: run },
      label,
    );
  if (!q.confirmDiscard)
    return h(
      'div',
      { class: 'toolbar' },
      button('queue-discard', T.discardElsewhere, () => void ctl.discardOrphans('ask'), false, T.discardElsewhereHint),
    );
  return h(
    'div',
    { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'discard-q' },
    h('p', { id: 'discard-q' }, T.discardConfirm(q.elsewhere)),
    h(
      'div',
      { class: 'toolbar' },
      button('queue-discard-yes', T.discardYes, () => void ctl.discardOrphans(true), true),
      button('queue-discard-no', T.discardNo, () => void ctl.discardOrphans(false)),
    ),
  );
}

const SHOWN_LINES = 12;

export function conflict(s: PaneState, ctl: PaneController) {
  const c = s.conflict;
  if (!c) return null;
  return h(
    'section',
    {
      class: 'card conflict',
      role: 'alertdialog',
      'aria-labelledby': 'conflict-title',
      'aria-describedby': 'conflict-intro',
    },
    h('h2', { id: 'conflict-title' }, T.conflictTitle),
    h('p', { id: 'conflict-intro' }, T.conflictIntro(c.currentVersion, c.baseVersion, c.lines.length)),
    h(
      'ul',
      { class: 'changes' },
      c.lines.slice(0, SHOWN_LINES).map((l) => h('li', null, h('strong', null, l.label), ': ', l.what)),
    ),
    c.lines.length > SHOWN_LINES ? h('p', { class: 'hint' }, T.conflictMore(c.lines.length - SHOWN_LINES)) : null,
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          title: T.conflictReloadHint,
          disabled: s.busy !== null,
          'data-focus': 'conflict-reload',
          onclick: () => void ctl.reload(),
        },
        T.conflictReload,
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          title: T.conflictResendHint,
          disabled: s.busy !== null,
          'data-focus': 'conflict-resend',
          onclick: () => void ctl.resend(),
        },
        T.conflictResend,
      ),
    ),
  );
}

/**
 * The open flags on the table's rows, with their severity; clicking one selects its row. Flags
 * the pane has not loaded yet fall back to those of the last sync's answer.
 */
export function syncResult(s: PaneState, ctl: PaneController) {
  const own = s.flags && s.flags.table === s.table && s.flags.round === s.roundId ? s.flags.items : null;
  const items =
    own ??
    (s.sync && s.sync.table === s.table
      ? s.sync.flags.map((f) => ({ id: f.id, severity: f.severity, message: f.message, uids: [] as string[] }))
      : []);
  if (items.length === 0) return null;
  const nameKey = ctl.nameKey;
  return h(
    'section',
    { class: 'card flags', 'aria-labelledby': 'flags-title' },
    h('h2', { id: 'flags-title' }, T.flagsTitle, h('span', { class: 'count' }, String(items.length))),
    h(
      'ul',
      null,
      items.slice(0, 30).map((f, i) =>
        h(
          'li',
          { class: `flag ${f.severity}` },
          h(
            'button',
            {
              type: 'button',
              class: 'goto',
              title: T.goToCell,
              'data-focus': `flag-${i}`,
              disabled: f.uids.length === 0,
              onclick: () => void ctl.selectRow(f.uids[0]!, nameKey),
            },
            h('span', { class: `badge ${f.severity}` }, SEVERITY[f.severity] ?? f.severity),
            h('span', { class: 'message' }, f.message),
          ),
        ),
      ),
    ),
  );
}

const SEVERITY: Record<string, string> = { error: T.error, warning: T.warning, info: T.info };
