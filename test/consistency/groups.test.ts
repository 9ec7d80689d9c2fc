import { describe, expect, it } from 'vitest';
import { groupMembership } from '../../domain/consistency/groups.js';
import { registry } from './real-rows.js';

const kinds = (name: string) => [...groupMembership(name)].sort();

describe('groupMembership', () => {
  it('reads the kinds a registry group covers from its words', () => {
    expect(kinds('Các sở, ban, ngành')).toEqual(['board', 'department']);
    expect(kinds('Các sở, ngành')).toEqual(['department']);
    expect(kinds('Ủy ban nhân dân cấp xã')).toEqual(['commune', 'ward']);
    expect(kinds('Ủy ban nhân dân các xã, phường')).toEqual(['commune', 'ward']);
    expect(kinds('Các doanh nghiệp viễn thông')).toEqual(['enterprise']);
    expect(kinds('Doanh nghiệp ICT')).toEqual(['enterprise']);
    expect(kinds('Các cơ quan, đơn vị liên quan')).toEqual(['any']);
    expect(kinds('Các sở, ban, ngành, địa phương')).toContain('any');
  });

  it('does not take "xã hội" for communes nor an association of enterprises for enterprises', () => {
    expect(kinds('Các tổ chức chính trị - xã hội tỉnh')).toEqual(['mass_org']);
    expect(kinds('Các hiệp hội doanh nghiệp')).toEqual(['mass_org']);
    expect(kinds('Các bộ, ngành Trung ương')).toEqual(['central']);
  });

  it('gives every group of the Lào Cai registry but two a membership', () => {
    const empty = registry.agencies
      .filter((a) => a.kind === 'group' && groupMembership(a.name).size === 0)
      .map((a) => a.name);
    // Other provinces and community tech teams are not agencies of the registry.
    expect(empty.sort()).toEqual(['Các tỉnh trong khu vực', 'Các tổ công nghệ số cộng đồng']);
  });
});
