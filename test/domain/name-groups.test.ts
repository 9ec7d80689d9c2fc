import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, NameGroups } from '../../domain/checks/name-groups.js';

/** What the duplicate check does with the groups, against a plain Map of names. */
function groupsOf(names: readonly string[], print: (name: string) => number = fingerprint): number[][] {
  const groups = new NameGroups(names.length, (i) => names[i]!);
  const seen: number[][] = [];
  names.forEach((name, i) => {
    const earlier = groups.earlier(i, print(name));
    seen.push(earlier ? [...earlier] : []);
    if (earlier) earlier.push(i);
  });
  return seen;
}

function reference(names: readonly string[]): number[][] {
  const byName = new Map<string, number[]>();
  return names.map((name, i) => {
    const earlier = byName.get(name);
    if (!earlier) {
      byName.set(name, [i]);
      return [];
    }
    const copy = [...earlier];
    earlier.push(i);
    return copy;
  });
}

describe('NameGroups', () => {
  const names = fc.array(fc.oneof(fc.constantFrom('Nhiệm vụ A', 'Nhiệm vụ B', 'x'), fc.string({ maxLength: 20 })), {
    maxLength: 300,
  });

  it('groups rows by exact name, in row order, like a Map', () => {
    fc.assert(
      fc.property(names, (list) => {
        expect(groupsOf(list)).toEqual(reference(list));
      }),
    );
  });

  it('stays exact when fingerprints collide or cluster', () => {
    // Every name one fingerprint: all groups move to the exact Map.
    fc.assert(
      fc.property(names, (list) => {
        expect(groupsOf(list, () => 7)).toEqual(reference(list));
      }),
    );
    // Distinct fingerprints on one slot: long probe runs, past the probe limit.
    fc.assert(
      fc.property(names, (list) => {
        expect(groupsOf(list, (s) => fingerprint(s) << 20)).toEqual(reference(list));
      }),
    );
  });

  it('tells 100 000 generated task names apart', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `Tên nhiệm vụ dài (hạng mục ${i})`);
    many.push(many[12_345]!);
    const groups = groupsOf(many);
    expect(groups.filter((g) => g.length > 0)).toEqual([[12_345]]);
  });
});
