/**
 * The preview of a sync: what it would do, the rows it would remove (loudly when many), the
 * cells it would change (clicking one selects it in the sheet), and «Gửi» / «Hủy».
 */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { n, T } from '../text.js';

const SHOWN_CELLS = 60;
const SHOWN_REMOVED = 15;

const percent = (k: number, of: number) =>
  `${(of > 0 ? (100 * k) / of : 0).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

export function preview(s: PaneState, ctl: PaneController) {
  const p = s.preview;
  if (!p || p.table !== s.table) return null;
  const removal = p.removal;
  return h(
    'section',
    {
      class: `card preview${removal?.strong ? ' danger' : ''}`,
      role: 'alertdialog',
      'aria-labelledby': 'preview-title',
      'aria-describedby': 'preview-summary',
    },
    h('h2', { id: 'preview-title' }, T.previewTitle),
    h('p', { id: 'preview-summary', class: 'summary' }, p.summary),
    removal
      ? h(
          'div',
          { class: `removal${removal.strong ? ' strong' : ''}`, role: removal.strong ? 'alert' : null },
          removal.strong
            ? h(
                'p',
                { class: 'strong' },
                T.removalStrong(removal.count, removal.of, percent(removal.count, removal.of)),
              )
            : null,
          h('p', null, T.removalTitle(removal.count)),
          h(
            'ul',
            { class: 'removed' },
            removal.rows.slice(0, SHOWN_REMOVED).map((label) => h('li', null, label)),
          ),
          removal.rows.length > SHOWN_REMOVED
            ? h('p', { class: 'hint' }, T.removalMore(removal.rows.length - SHOWN_REMOVED))
            : null,
          h('p', { class: 'hint' }, T.removalRestore),
        )
      : null,
    p.cells.length > 0
      ? h(
          'div',
          { class: 'cells' },
          h('h3', null, T.previewCells),
          h(
            'ul',
            null,
            p.cells.slice(0, SHOWN_CELLS).map((c, i) =>
              h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'goto',
                    title: T.goToCell,
                    'data-focus': `pv-${i}`,
                    onclick: () => void ctl.selectRow(c.uid, c.key),
                  },
                  c.sheetRow !== null ? h('span', { class: 'rowno' }, T.row(c.sheetRow)) : null,
                  h('span', { class: 'message' }, c.text),
                ),
              ),
            ),
          ),
          p.cells.length > SHOWN_CELLS ? h('p', { class: 'hint' }, T.previewMore(p.cells.length - SHOWN_CELLS)) : null,
        )
      : null,
    h(
      'div',
      { class: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          id: 'preview-send',
          class: removal?.strong ? 'primary danger' : 'primary',
          title: T.previewSendHint,
          disabled: s.busy !== null,
          'data-focus': 'preview-send',
          onclick: () => void ctl.confirmPreview(),
        },
        removal ? T.previewSendRemoving(removal.count) : T.previewSend,
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'preview-cancel',
          class: 'secondary',
          title: T.previewCancelHint,
          'data-focus': 'preview-cancel',
          onclick: () => ctl.cancelPreview(),
        },
        T.previewCancel,
      ),
    ),
    h('p', { class: 'hint' }, `${n(p.rows.length)} dòng trong bảng.`),
  );
}
