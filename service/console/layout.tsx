/**
 * The frame of every console page: language, skip link, header with who is signed in, the
 * navigation their role allows, and the page's own content in <main>. No script: the pages are
 * plain HTML forms and links, which keyboards and screen readers handle without help.
 */

import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Principal } from '../context.js';
import { ROLE_LABELS } from './labels.js';
import { CONSOLE_BASE, type ConsoleContext } from './session.js';
import { STYLES } from './styles.js';

export type NavKey =
  | 'rounds'
  | 'overview'
  | 'progress'
  | 'submissions'
  | 'queue'
  | 'merged'
  | 'settings'
  | 'registry'
  | 'tokens';

export interface PageProps {
  title: string;
  /** The round the page is about: shows the round's own navigation. */
  round?: { id: string; name: string; kind?: string } | undefined;
  nav?: NavKey;
  children?: Child;
}

export const url = {
  home: () => CONSOLE_BASE,
  signIn: () => `${CONSOLE_BASE}/sign-in`,
  signOut: () => `${CONSOLE_BASE}/sign-out`,
  overview: (round: string) => `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}`,
  queue: (round: string, query = '') =>
    `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/flags${query ? `?${query}` : ''}`,
  flag: (round: string, id: string) =>
    `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/flags/${encodeURIComponent(id)}`,
  submissions: (round: string, query = '') =>
    `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/submissions${query ? `?${query}` : ''}`,
  sheet: (round: string, table: string, agency: string) =>
    `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/sheets/${encodeURIComponent(table)}/${encodeURIComponent(agency)}`,
  merged: (round: string, table = 'budget') => `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/merged/${table}`,
  progress: (round: string) => `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/progress`,
  /** Add «xlsx» or «csv». */
  progressFile: (round: string) => `${CONSOLE_BASE}/rounds/${encodeURIComponent(round)}/progress/file/`,
  settings: (round?: string) => `${CONSOLE_BASE}/settings${round ? `/${encodeURIComponent(round)}` : ''}`,
  registry: (id?: string) => `${CONSOLE_BASE}/registry${id ? `/${encodeURIComponent(id)}` : ''}`,
  tokens: () => `${CONSOLE_BASE}/tokens`,
};

function NavLink(props: { href: string; current: boolean; children: Child }) {
  return (
    <li>
      <a href={props.href} aria-current={props.current ? 'page' : undefined}>
        {props.children}
      </a>
    </li>
  );
}

function Header(props: {
  principal: Principal | undefined;
  csrf: string | undefined;
  nav: NavKey | undefined;
  round: PageProps['round'];
}) {
  const { principal, csrf, nav, round } = props;
  const reviewer = principal && (principal.role === 'validator' || principal.role === 'coordinator');
  return (
    <header class="site">
      <div class="bar">
        <a class="brand" href={url.home()}>
          TổngHợp <span>Thẩm định và tổng hợp kế hoạch</span>
        </a>
        {principal && (
          <form method="post" action={url.signOut()} class="who">
            <span>
              {/* A token named after its role (the default) shows the role once. */}
              {principal.label === ROLE_LABELS[principal.role] ? (
                <span class="role">{principal.label}</span>
              ) : (
                <>
                  {principal.label} · <span class="role">{ROLE_LABELS[principal.role]}</span>
                </>
              )}
            </span>
            <input type="hidden" name="_csrf" value={csrf} />
            <button type="submit" class="link">
              Đăng xuất
            </button>
          </form>
        )}
      </div>
      {principal && (
        <nav aria-label="Chức năng">
          <ul>
            {reviewer && (
              <NavLink href={url.home()} current={nav === 'rounds'}>
                Các đợt
              </NavLink>
            )}
            {principal.role === 'coordinator' && (
              <NavLink href={url.settings()} current={nav === 'settings'}>
                Thiết lập đợt
              </NavLink>
            )}
            {principal.role === 'admin' && (
              <NavLink href={url.registry()} current={nav === 'registry'}>
                Danh mục cơ quan
              </NavLink>
            )}
            {principal.role === 'admin' && (
              <NavLink href={url.tokens()} current={nav === 'tokens'}>
                Mã truy cập
              </NavLink>
            )}
          </ul>
        </nav>
      )}
      {reviewer && round && (
        <nav aria-label={`Đợt ${round.name}`} class="round-nav">
          <p class="round-name">{round.name}</p>
          <ul>
            <NavLink href={url.overview(round.id)} current={nav === 'overview'}>
              Tổng quan
            </NavLink>
            {round.kind === 'progress' && (
              <NavLink href={url.progress(round.id)} current={nav === 'progress'}>
                Tiến độ
              </NavLink>
            )}
            <NavLink href={url.submissions(round.id)} current={nav === 'submissions'}>
              Trạng thái nộp
            </NavLink>
            <NavLink href={url.queue(round.id)} current={nav === 'queue'}>
              Cảnh báo cần xem xét
            </NavLink>
            <NavLink href={url.merged(round.id)} current={nav === 'merged'}>
              Bảng tổng hợp
            </NavLink>
            {principal.role === 'coordinator' && (
              <NavLink href={url.settings(round.id)} current={nav === 'settings'}>
                Thiết lập đợt này
              </NavLink>
            )}
          </ul>
        </nav>
      )}
    </header>
  );
}

/** The whole HTML document of a page. */
export function renderPage(
  c: ConsoleContext,
  props: PageProps,
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503 = 200,
) {
  const principal = c.get('principal') as Principal | undefined;
  const csrf = c.get('csrf') as string | undefined;
  const page = (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} — TổngHợp`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Bỏ qua, đến nội dung chính
        </a>
        <Header principal={principal} csrf={csrf} nav={props.nav} round={props.round} />
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
  return c.html(html`<!DOCTYPE html>${page}`, status);
}
