/** Round and table pickers, and where the sheet stands (in the workbook, last sync). */
import type { TableName } from '../../../domain/values.js';
import { SHEET_NAMES } from '../../sheet/layout.js';
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { T, TABLE_LABELS } from '../text.js';

export function context(s: PaneState, ctl: PaneController) {
  const round = ctl.round;
  const last = ctl.lastSync();
  return h(
    'section',
    { class: 'context', 'aria-label': 'Đợt và bảng' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'round' }, T.roundLabel),
      h(
        'select',
        {
          id: 'round',
          'data-focus': 'round',
          title: round?.name,
          disabled: s.rounds.length === 0,
          onchange: (e: Event) => ctl.selectRound((e.target as HTMLSelectElement).value),
        },
        s.rounds.map((r) => h('option', { value: r.id, selected: r.id === s.roundId }, r.name)),
      ),
      round ? h('p', { class: 'hint' }, T.due(round.dueDate, round.status === 'open')) : null,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'table' }, T.tableLabel),
      h(
        'select',
        {
          id: 'table',
          'data-focus': 'table',
          onchange: (e: Event) => ctl.selectTable((e.target as HTMLSelectElement).value as TableName),
        },
        ctl.roundTables.map((t) => h('option', { value: t, selected: t === s.table }, TABLE_LABELS[t])),
      ),
      h(
        'p',
        { class: 'hint' },
        ctl.hasTable ? T.inWorkbook(SHEET_NAMES[s.table]) : T.notInWorkbook,
        ' ',
        ctl.canSync ? (last ? T.lastSync(last.version, last.syncedAt) : T.neverSynced) : '',
      ),
    ),
  );
}
