/**
 * Which agencies a group name stands for. The registry lists groups ("Các sở, ban, ngành",
 * "UBND cấp xã", "Các doanh nghiệp viễn thông") without members; their names say which kinds of
 * agency they cover, and that is what a person reading the plan understands too.
 */
import type { AgencyMatch } from '../parse/agency.js';
import { newStyleTones } from '../text.js';
import type { AgencyKind } from '../values.js';

/** Everyone: "… liên quan", "… địa phương" leave the membership open. */
export const ANY = 'any' as const;
export type Membership = AgencyKind | typeof ANY;

/**
 * Words of a group name → kinds of agency it covers. Checked in order on the folded syllables;
 * a phrase that matches is consumed, so "hiệp hội doanh nghiệp" is an association, not an
 * enterprise, "xã hội" is not "xã" and the "ban" of "Ủy ban nhân dân" is not a board.
 */
const GROUP_WORDS: ReadonlyArray<readonly [phrase: string, kinds: readonly Membership[]]> = [
  ['liên quan', [ANY]],
  ['địa phương', [ANY]],
  ['chủ đầu tư', [ANY]],
  ['cơ quan đơn vị', [ANY]],
  ['hiệp hội doanh nghiệp', ['mass_org']],
  ['hiệp hội', ['mass_org']],
  ['bộ ngành', ['central']],
  ['chính trị xã hội', ['mass_org']],
  ['xã hội', []],
  ['ủy ban', []],
  ['mặt trận', ['mass_org']],
  ['đoàn thể', ['mass_org']],
  ['ngành dọc', ['central']],
  ['trung ương', ['central']],
  ['ban đảng', ['party']],
  ['đảng', ['party']],
  ['tỉnh ủy', ['party']],
  ['doanh nghiệp', ['enterprise']],
  ['viettel', ['enterprise']],
  ['ngân hàng', ['central', 'enterprise']],
  ['tổ chức tài chính', ['central', 'enterprise']],
  ['cung cấp dịch vụ', ['enterprise', 'public_unit']],
  ['đơn vị sự nghiệp', ['public_unit']],
  ['đvsn', ['public_unit']],
  ['cơ sở đào tạo', ['public_unit']],
  ['cơ sở giáo dục', ['public_unit']],
  ['cơ sở y tế', ['public_unit']],
  ['trường', ['public_unit']],
  ['viện', ['public_unit']],
  ['báo chí', ['public_unit']],
  ['cấp xã', ['commune', 'ward']],
  ['xã', ['commune']],
  ['phường', ['ward']],
  ['sở', ['department']],
  ['ngành', ['department']],
  ['ban', ['board']],
];

const RULES = GROUP_WORDS.map(([phrase, kinds]) => ({ words: phrase.split(' '), kinds }));
const cache = new Map<string, ReadonlySet<Membership>>();

/** Kinds of agency a group (or an unknown collective name) covers, from its words. */
export function groupMembership(name: string): ReadonlySet<Membership> {
  const hit = cache.get(name);
  if (hit) return hit;
  const words = newStyleTones(name.normalize('NFC'))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const kinds = new Set<Membership>();
  const used = new Uint8Array(words.length);
  for (const rule of RULES) {
    for (let i = 0; i + rule.words.length <= words.length; i++) {
      let match = true;
      for (let k = 0; k < rule.words.length && match; k++) match = used[i + k] === 0 && words[i + k] === rule.words[k];
      if (!match) continue;
      for (let k = 0; k < rule.words.length; k++) used[i + k] = 1;
      for (const kind of rule.kinds) kinds.add(kind);
    }
  }
  cache.set(name, kinds);
  return kinds;
}

/** What a matched name covers: one agency by id, or (groups, unknown names) kinds by words. */
export function covers(match: AgencyMatch): { id: string | null; kinds: ReadonlySet<Membership> } {
  if (match.via === 'unknown') return { id: null, kinds: groupMembership(match.raw) };
  if (match.agency.kind === 'group') return { id: match.agency.id, kinds: groupMembership(match.agency.name) };
  return { id: match.agency.id, kinds: new Set() };
}

/** True when the matched name is one enterprise or a group of enterprises only. */
export function isEnterprise(match: AgencyMatch): boolean {
  if (match.via !== 'unknown' && match.agency.kind === 'enterprise') return true;
  const { kinds } = covers(match);
  return kinds.size === 1 && kinds.has('enterprise');
}
