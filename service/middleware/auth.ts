/**
 * Bearer-token authentication and role checks.
 *
 * @example
 * app.use('/api/*', authenticate());
 * route.middleware = [requireRole('coordinator')];
 */
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/index.js';
import { hashToken } from '../auth/tokens.js';
import type { AppEnv } from '../context.js';
import { ApiError, defaultMessage } from '../errors.js';

export function authenticate() {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError('unauthorized', defaultMessage('unauthorized'));
    const row = await c
      .get('deps')
      .db.selectFrom('tokens')
      .select(['id', 'role', 'agency_id', 'label', 'revoked_at'])
      .where('token_hash', '=', hashToken(match[1]!))
      .executeTakeFirst();
    if (!row) throw new ApiError('unauthorized', defaultMessage('unauthorized'));
    if (row.revoked_at)
      throw new ApiError('unauthorized', 'Mã truy cập này đã bị thu hồi. Hãy xin mã mới từ quản trị hệ thống.');
    c.set('principal', {
      tokenId: row.id,
      role: row.role as Role,
      agencyId: row.agency_id,
      label: row.label ?? row.role,
    });
    await next();
  });
}

const ROLE_NAMES: Record<Role, string> = {
  agency: 'cơ quan, đơn vị',
  validator: 'chuyên viên thẩm định',
  coordinator: 'điều phối (Sở Khoa học và Công nghệ)',
  admin: 'quản trị hệ thống',
};

export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      throw new ApiError(
        'forbidden',
        `Thao tác này dành cho ${roles.map((r) => ROLE_NAMES[r]).join(' hoặc ')}; tài khoản của bạn là ${ROLE_NAMES[role]}.`,
      );
    }
    await next();
  });
}
