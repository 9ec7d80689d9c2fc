/** A few lines of DOM building: `h('button', { onclick, class: 'primary' }, 'Đồng bộ')`. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected')
      (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/**
 * Re-render a region only when the state it shows changed (compared by identity), keeping the
 * keyboard focus on the element with the same `data-focus` after the rebuild.
 */
export function region<S>(
  host: HTMLElement,
  pick: (s: S) => readonly unknown[],
  render: (s: S) => Child | Child[],
): (s: S) => void {
  let last: readonly unknown[] | null = null;
  return (s) => {
    const now = pick(s);
    if (last && now.length === last.length && now.every((v, i) => v === last![i])) return;
    last = now;
    const focused =
      document.activeElement instanceof HTMLElement && host.contains(document.activeElement)
        ? document.activeElement.dataset.focus
        : undefined;
    host.replaceChildren(
      ...[render(s)]
        .flat()
        .filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
        .map((c) => (typeof c === 'number' ? String(c) : c)),
    );
    if (focused) (host.querySelector(`[data-focus="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  };
}
