/** The task pane's page: regions that re-render when the part of the state they show changes. */
import type { PaneController, PaneState } from './controller.js';
import { h, region } from './dom.js';
import { actions } from './views/actions.js';
import { context } from './views/context.js';
import { comments, findings } from './views/findings.js';
import { header } from './views/header.js';
import { preview } from './views/preview.js';
import { removed } from './views/restore.js';
import { signIn } from './views/sign-in.js';
import { conflict, notice, queue, syncResult } from './views/status.js';

export function mountPane(root: HTMLElement, ctl: PaneController): () => void {
  const slot = (name: string) => h('div', { class: `slot slot-${name}` });
  const slots = {
    header: slot('header'),
    signin: slot('signin'),
    context: slot('context'),
    actions: slot('actions'),
    notice: slot('notice'),
    queue: slot('queue'),
    conflict: slot('conflict'),
    preview: slot('preview'),
    removed: slot('removed'),
    sync: slot('sync'),
    findings: slot('findings'),
    comments: slot('comments'),
  };
  root.replaceChildren(slots.header, h('main', { id: 'main' }, ...Object.values(slots).slice(1)));
  const ready = (s: PaneState) => s.phase === 'ready';
  const renders = [
    region<PaneState>(
      slots.header,
      (s) => [s.phase, s.me, s.agencyName, s.server, s.roundId, s.table],
      (s) => header(s, ctl),
    ),
    region<PaneState>(
      slots.signin,
      (s) => [s.phase, s.signingIn, s.signInError],
      (s) => (ready(s) ? null : signIn(s, ctl)),
    ),
    region<PaneState>(
      slots.context,
      (s) => [s.phase, s.rounds, s.roundId, s.table, s.tables, s.workbookState, s.server],
      (s) => (ready(s) ? context(s, ctl) : null),
    ),
    region<PaneState>(
      slots.actions,
      (s) => [s.phase, s.busy, s.tables, s.table, s.roundId, s.me, s.liveCheck, s.previewSmall],
      (s) => (ready(s) ? actions(s, ctl) : null),
    ),
    region<PaneState>(
      slots.notice,
      (s) => [s.phase, s.notice],
      (s) => (ready(s) ? notice(s, ctl) : null),
    ),
    region<PaneState>(
      slots.queue,
      (s) => [s.phase, s.queue],
      (s) => (ready(s) ? queue(s, ctl) : null),
    ),
    region<PaneState>(
      slots.conflict,
      (s) => [s.phase, s.conflict, s.busy],
      (s) => (ready(s) ? conflict(s, ctl) : null),
    ),
    region<PaneState>(
      slots.preview,
      (s) => [s.phase, s.preview, s.table, s.busy],
      (s) => (ready(s) ? preview(s, ctl) : null),
    ),
    region<PaneState>(
      slots.removed,
      (s) => [s.phase, s.removed, s.table, s.busy],
      (s) => (ready(s) ? removed(s, ctl) : null),
    ),
    region<PaneState>(
      slots.sync,
      (s) => [s.phase, s.sync, s.flags, s.table, s.roundId],
      (s) => (ready(s) ? syncResult(s, ctl) : null),
    ),
    region<PaneState>(
      slots.findings,
      (s) => [s.phase, s.check, s.table, s.busy],
      (s) => (ready(s) ? findings(s, ctl) : null),
    ),
    region<PaneState>(
      slots.comments,
      (s) => [s.phase, s.comments, s.server, s.busy, s.me],
      (s) => (ready(s) ? comments(s, ctl) : null),
    ),
  ];
  const unsubscribe = ctl.subscribe((s) => {
    for (const r of renders) r(s);
  });
  return unsubscribe;
}

/** When the pane cannot run here (not Excel, Excel too old): say why, nothing else. */
export function mountUnsupported(root: HTMLElement, reason: string): void {
  root.replaceChildren(
    h('header', { class: 'top' }, h('div', { class: 'brand' }, h('h1', null, 'TổngHợp'))),
    h('main', null, h('p', { class: 'notice error', role: 'alert' }, reason)),
  );
}
