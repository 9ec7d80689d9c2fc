/** The pane's header: who is signed in, and the way out. */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { currentServer, isLocked, lockLine, stateLine } from '../server-sheet.js';
import { T } from '../text.js';

export function header(s: PaneState, ctl: PaneController) {
  const server = s.phase === 'ready' ? currentServer(s) : null;
  return [
    top(s, ctl),
    server && isLocked(server)
      ? h('p', { class: 'notice locked', role: 'status', id: 'lock' }, lockLine(server))
      : server && server.status.state !== 'draft'
        ? h('p', { class: 'notice', role: 'status', id: 'sheet-state' }, stateLine(server))
        : null,
  ];
}

function top(s: PaneState, ctl: PaneController) {
  return h(
    'header',
    { class: 'top' },
    h(
      'div',
      { class: 'brand' },
      h('img', { src: 'assets/icon-32.png', alt: '', width: 20, height: 20 }),
      h(
        'div',
        null,
        h('h1', null, T.appName),
        h('p', { class: 'tagline' }, s.me ? T.agencyLine(s.agencyName, s.me.role) : T.tagline),
      ),
    ),
    s.phase === 'ready'
      ? h(
          'button',
          {
            class: 'link',
            type: 'button',
            title: T.signOutHint,
            onclick: () => void ctl.signOut(),
            'data-focus': 'signout',
          },
          T.signOut,
        )
      : null,
  );
}
