/** Sign in with the token SKH&CN issued; remembered on this machine only if the user wants. */
import type { PaneController, PaneState } from '../controller.js';
import { h } from '../dom.js';
import { T } from '../text.js';

export function signIn(s: PaneState, ctl: PaneController) {
  if (s.phase === 'starting') return h('p', { class: 'muted', role: 'status' }, T.starting);
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-hint',
    'data-focus': 'token',
    required: true,
    autofocus: true,
  });
  const remember = h('input', { id: 'remember', type: 'checkbox', checked: true });
  const submit = (e: Event) => {
    e.preventDefault();
    void ctl.signIn(input.value, remember.checked);
  };
  return h(
    'form',
    { class: 'card signin', onsubmit: submit, 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, T.signInTitle),
    h('label', { for: 'token' }, T.tokenLabel),
    input,
    h('p', { id: 'token-hint', class: 'hint' }, T.tokenHint),
    h('label', { class: 'check' }, remember, ' ', T.remember),
    s.signInError ? h('p', { class: 'notice error', role: 'alert' }, s.signInError) : null,
    h(
      'button',
      { class: 'primary', type: 'submit', disabled: s.signingIn, 'data-focus': 'signin' },
      s.signingIn ? T.signingIn : T.signIn,
    ),
  );
}
