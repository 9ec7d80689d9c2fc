/** Whose sheet a request is about: an agency's own, or (for coordinators and validators) the one named by `?agency=`. */
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';

export async function targetAgency(
  c: Context<AppEnv>,
  requested: string | undefined,
  mode: 'read' | 'write',
): Promise<string> {
  const principal = c.get('principal');
  const registry = c.get('deps').registry;
  if (principal.role === 'admin' || (principal.role === 'validator' && mode === 'write')) {
    throw new ApiError(
      'forbidden',
      mode === 'write'
        ? 'Tài khoản này không được sửa dữ liệu của các cơ quan.'
        : 'Tài khoản quản trị không xem bảng của các cơ quan.',
    );
  }
  if (principal.role === 'agency') {
    if (!principal.agencyId) throw new ApiError('forbidden', 'Mã truy cập này chưa gắn với cơ quan nào.');
    if (requested && requested !== principal.agencyId) {
      const named = (await registry.get(requested)) ?? (await registry.matcher()).lookup(requested)?.agency;
      if (named?.id !== principal.agencyId)
        throw new ApiError('forbidden', 'Mỗi cơ quan chỉ được xem và gửi bảng của chính mình.');
    }
    return principal.agencyId;
  }
  const wanted = requested ?? principal.agencyId ?? undefined;
  if (!wanted) throw new ApiError('bad_request', 'Cần chỉ rõ cơ quan bằng tham số ?agency= (mã hoặc tên cơ quan).');
  const agency = (await registry.get(wanted)) ?? (await registry.matcher()).lookup(wanted)?.agency;
  if (!agency) throw new ApiError('not_found', `Không có cơ quan «${wanted}» trong danh mục.`);
  return agency.id;
}
