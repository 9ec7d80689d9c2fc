/** The four things a user does, as a toolbar; the busy action shows what is going on. */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { T } from '../text.js';

export function actions(s: PaneState, ctl: PaneController) {
  const busy = s.busy !== null;
  const noRound = s.roundId === null;
  const button = (
    id: string,
    label: string,
    hint: string,
    run: () => void,
    opts: { primary?: boolean; disabled?: boolean } = {},
  ) =>
    h(
      'button',
      {
        type: 'button',
        id: `act-${id}`,
        class: opts.primary ? 'primary' : 'secondary',
        title: hint,
        'aria-describedby': 'busy',
        disabled: busy || opts.disabled,
        'data-focus': `act-${id}`,
        onclick: run,
      },
      label,
    );
  return h(
    'section',
    { class: 'actions', 'aria-label': 'Thao tác' },
    h(
      'div',
      { class: 'toolbar' },
      button('insert', T.insert, T.insertHint, () => void ctl.insert(), { disabled: noRound }),
      button('check', T.check, T.checkHint, () => void ctl.check(), { disabled: !ctl.hasTable }),
      ctl.canSync
        ? button('sync', T.sync, T.syncHint, () => void ctl.sync(), {
            primary: true,
            disabled: !ctl.hasTable || noRound,
          })
        : null,
      ctl.canSync
        ? button('submit', T.submit, T.submitHint, () => void ctl.submit(), { disabled: noRound || !ctl.canSubmit })
        : null,
      ctl.canSync ? button('refresh', T.refresh, T.refreshHint, () => void ctl.refresh(), { disabled: noRound }) : null,
      ctl.canSync
        ? button('restore', T.restoreAction, T.restoreActionHint, () => void ctl.showRemoved(), { disabled: noRound })
        : null,
      ctl.canPullMerged
        ? button('merged', T.merged, T.mergedHint, () => void ctl.pullMerged(), {
            primary: !ctl.canSync,
            disabled: noRound,
          })
        : null,
    ),
    h(
      'label',
      { class: 'check' },
      h('input', {
        type: 'checkbox',
        id: 'live',
        'data-focus': 'live',
        checked: s.liveCheck,
        onchange: (e: Event) => ctl.setLiveCheck((e.target as HTMLInputElement).checked),
      }),
      ' ',
      T.liveCheck,
    ),
    ctl.canSync
      ? h(
          'label',
          { class: 'check', title: T.previewSmallHint },
          h('input', {
            type: 'checkbox',
            id: 'preview-small',
            'data-focus': 'preview-small',
            checked: s.previewSmall,
            onchange: (e: Event) => ctl.setPreviewSmall((e.target as HTMLInputElement).checked),
          }),
          ' ',
          T.previewSmall,
        )
      : null,
    h(
      'p',
      { id: 'busy', class: 'busy', role: 'status', 'aria-live': 'polite' },
      busy ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null,
      s.busy ?? '',
    ),
    s.notes ? null : h('p', { class: 'hint' }, T.notesFallback),
  );
}
