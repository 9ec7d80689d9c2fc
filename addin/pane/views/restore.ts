/** «Khôi phục dòng đã xóa»: the removed rows, ticked one by one, put back in one click. */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { n, T } from '../text.js';

const SHOWN = 200;

export function removed(s: PaneState, ctl: PaneController) {
  const r = s.removed;
  if (!r || r.table !== s.table) return null;
  return h(
    'section',
    { class: 'card removed', 'aria-labelledby': 'removed-title' },
    h('h2', { id: 'removed-title' }, T.removedTitle, h('span', { class: 'count' }, n(r.rows.length))),
    h(
      'ul',
      { class: 'choices' },
      r.rows.slice(0, SHOWN).map((row, i) =>
        h(
          'li',
          null,
          h(
            'label',
            { class: 'check' },
            h('input', {
              type: 'checkbox',
              'data-focus': `rm-${i}`,
              'data-uid': row.uid,
              checked: r.selected.includes(row.uid),
              onchange: (e: Event) => ctl.toggleRemoved(row.uid, (e.target as HTMLInputElement).checked),
            }),
            ' ',
            h('span', { class: 'label' }, row.label),
            h('span', { class: 'hint' }, ` — ${T.removedWhen(row.removedAt, row.removedBy)}`),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          id: 'restore-send',
          class: 'primary',
          disabled: s.busy !== null || r.selected.length === 0,
          'data-focus': 'restore-send',
          onclick: () => void ctl.restoreRemoved(),
        },
        T.restoreSelected(r.selected.length),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-focus': 'restore-close', onclick: () => ctl.closeRemoved() },
        T.restoreClose,
      ),
    ),
  );
}
