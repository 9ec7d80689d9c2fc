/**
 * Bearer-token authentication and role checks.
 *
 * @example
 * app.use('/api/*', authenticate());
 * route.middleware = [requireRole('coordinator')];
 */
import { createMiddleware } from 'hono/factory';
import { ROLE_LABELS, type Role } from '../../domain/index.js';
import { hashToken } from '../auth/tokens.js';
import type { AppEnv } from '../context.js';
import { ApiError, defaultMessage } from '../errors.js';
import { clientAddress } from './rate-limit.js';

/**
 * Who is calling, from the bearer token. An address or a token that failed too often is refused
 * with 429 before its token is looked up (`rate-limit.ts`); each failure is counted.
 */
export function authenticate() {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const limits = c.get('limits');
    const address = clientAddress(c, limits.config.trustProxy);
    const tokenHash = match ? hashToken(match[1]!) : null;
    const refusal = limits.authRefusal(address, tokenHash);
    if (refusal) throw refusal;
    if (!match) {
      // No header at all is no guess at a token; a malformed one is.
      if (header !== '') limits.authFailed(address, null);
      throw new ApiError('unauthorized', defaultMessage('unauthorized'));
    }
    const row = await c
      .get('deps')
      .db.selectFrom('tokens')
      .select(['id', 'role', 'agency_id', 'label', 'revoked_at'])
      .where('token_hash', '=', tokenHash!)
      .executeTakeFirst();
    if (!row || row.revoked_at) limits.authFailed(address, tokenHash);
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

// The roles as the console and the pane name them, inside a sentence: one wording everywhere.
const roleName = (role: Role) => ROLE_LABELS[role].charAt(0).toLocaleLowerCase('vi') + ROLE_LABELS[role].slice(1);

export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      throw new ApiError(
        'forbidden',
        `Thao tác này dành cho ${roles.map(roleName).join(' hoặc ')}; tài khoản của bạn là ${roleName(role)}.`,
      );
    }
    await next();
  });
}
