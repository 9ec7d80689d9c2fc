/**
 * The token and a few choices, in the webview's storage for the add-in's origin: on this
 * machine, for this user, never inside the workbook. "Remember" keeps the token in localStorage;
 * otherwise it lasts as long as the pane (sessionStorage).
 */
import type { Prefs } from './controller.js';

const TOKEN = 'tonghop.token';

export function browserPrefs(local: Storage = localStorage, session: Storage = sessionStorage): Prefs {
  const safe = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback; // storage disabled by policy: the user signs in each time
    }
  };
  return {
    token: () => safe(() => session.getItem(TOKEN) ?? local.getItem(TOKEN), null),
    setToken: (token, remember) =>
      safe(() => {
        local.removeItem(TOKEN);
        session.removeItem(TOKEN);
        (remember ? local : session).setItem(TOKEN, token);
      }, undefined),
    clearToken: () =>
      safe(() => {
        local.removeItem(TOKEN);
        session.removeItem(TOKEN);
      }, undefined),
    get: (key) => safe(() => local.getItem(`tonghop.${key}`), null),
    set: (key, value) => safe(() => local.setItem(`tonghop.${key}`, value), undefined),
  };
}
