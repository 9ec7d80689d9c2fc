/**
 * The console's first page: for validators and coordinators the rounds with their open flags;
 * for administrators the registry and the tokens.
 */
import type { Hono } from 'hono';
import { toRound } from '../rounds/round.js';
import { formatDate } from './labels.js';
import { renderPage, url } from './layout.js';
import type { ConsoleEnv } from './session.js';

export function registerHome(app: Hono<ConsoleEnv>) {
  app.get('/', async (c) => {
    const { db } = c.get('deps');
    const principal = c.get('principal');
    if (principal.role === 'admin') {
      return renderPage(c, {
        title: 'Quản trị hệ thống',
        children: (
          <ul class="cards">
            <li>
              <a href={url.registry()}>Danh mục cơ quan</a>
              <span class="hint">Tên, tên viết tắt và tên cũ của các cơ quan; xem trước ảnh hưởng trước khi lưu.</span>
            </li>
            <li>
              <a href={url.tokens()}>Mã truy cập</a>
              <span class="hint">Cấp và thu hồi mã cho cơ quan, chuyên viên.</span>
            </li>
          </ul>
        ),
      });
    }
    const [rows, open] = await Promise.all([
      db.selectFrom('rounds').selectAll().orderBy('created_at', 'desc').execute(),
      db
        .selectFrom('flags')
        .select(['round_id', (eb) => eb.fn.countAll().as('n')])
        .where('resolved_at', 'is', null)
        .where('status', '=', 'open')
        .groupBy('round_id')
        .execute(),
    ]);
    const openBy = new Map(open.map((o) => [o.round_id, Number(o.n)]));
    const rounds = rows.map(toRound);
    return renderPage(c, {
      title: 'Các đợt thu thập số liệu',
      nav: 'rounds',
      children:
        rounds.length === 0 ? (
          <p>Chưa có đợt nào.</p>
        ) : (
          <table>
            <caption class="sr-only">Các đợt, mới nhất ở đầu</caption>
            <thead>
              <tr>
                <th scope="col">Đợt</th>
                <th scope="col">Giai đoạn</th>
                <th scope="col">Hạn gửi</th>
                <th scope="col">Trạng thái</th>
                <th scope="col" class="num">
                  Cảnh báo chưa xử lý
                </th>
                <th scope="col">Xem</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={url.overview(r.id)}>{r.name}</a>
                  </th>
                  <td>{`${r.periodStart}–${r.periodEnd}`}</td>
                  <td>{formatDate(r.dueDate)}</td>
                  <td>{r.status === 'open' ? 'Đang nhận số liệu' : 'Đã khóa sổ'}</td>
                  <td class="num">{openBy.get(r.id) ?? 0}</td>
                  <td>
                    <a href={url.queue(r.id, 'status=open')}>Cảnh báo cần xem xét</a> ·{' '}
                    <a href={url.merged(r.id)}>Bảng tổng hợp</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
    });
  });
}
