/**
 * How similar a name must be to a registry name before the checks offer it as a one-click fix.
 *
 * Leave-one-out over the Lào Cai registry: each alias and former name (the ways the sources and
 * the agencies really write a name) is taken out of the registry, then matched as an unknown
 * name. Its own agency's nearest name gives the score of a right fix; the nearest name of any
 * other agency the score of a wrong one. Printed: both distributions and, per threshold, how
 * many right fixes are kept and how many wrong ones still offered.
 *
 * Run: npx tsx bench/suggest-threshold.ts
 */
import { loadRegistryFile } from '../db/registry-file.js';
import { AgencyMatcher } from '../domain/index.js';

const registry = loadRegistryFile();
const right: { name: string; score: number; top: boolean; first: number; second: number }[] = [];
const wrong: { name: string; score: number; nearest: string }[] = [];
for (const agency of registry.agencies) {
  for (const variant of [...agency.aliases, ...agency.formerly]) {
    const without = registry.agencies.map((a) =>
      a.id === agency.id
        ? { ...a, aliases: a.aliases.filter((x) => x !== variant), formerly: a.formerly.filter((x) => x !== variant) }
        : a,
    );
    const matcher = new AgencyMatcher({ agencies: without });
    // A variant another spelling rule already matches is no test of the suggestion.
    if (matcher.lookup(variant)) continue;
    const scored = matcher.suggestScored(variant, 50);
    const own = scored.find((s) => s.name === agency.name);
    const other = scored.find((s) => s.name !== agency.name);
    right.push({
      name: variant,
      score: own?.score ?? 0,
      top: scored[0]?.name === agency.name,
      first: scored[0]?.score ?? 0,
      second: scored[1]?.score ?? 0,
    });
    if (other) wrong.push({ name: variant, score: other.score, nearest: other.name });
  }
}
// The case of issue #17.3: the province CDC, missing from the registry.
const cdc = new AgencyMatcher({ agencies: registry.agencies.filter((a) => !/kiểm soát bệnh tật/i.test(a.name)) });
const probe = cdc.suggestScored('Trung tâm Kiểm soát bệnh tật', 3);

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`variants tested: ${right.length}; own agency first: ${right.filter((r) => r.top).length}`);
console.log(
  `right fix score: p10 ${pct(
    right.map((r) => r.score),
    0.1,
  ).toFixed(3)}, median ${pct(
    right.map((r) => r.score),
    0.5,
  ).toFixed(3)}`,
);
console.log(
  `nearest other agency: median ${pct(
    wrong.map((w) => w.score),
    0.5,
  ).toFixed(3)}, p95 ${pct(
    wrong.map((w) => w.score),
    0.95,
  ).toFixed(3)}, max ${Math.max(...wrong.map((w) => w.score)).toFixed(3)}`,
);
for (const t of [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]) {
  const kept = right.filter((r) => r.top && r.score >= t).length;
  const bad = right.filter((r, i) => !r.top && wrong[i] && wrong[i]!.score >= t).length;
  const offered = wrong.filter((w) => w.score >= t).length;
  console.log(
    `threshold ${t.toFixed(2)}: right fixes kept ${kept}/${right.length}, wrong names first and offered ${bad}, other agencies above it ${offered}`,
  );
}
// A fix is offered when the nearest name is close enough AND clearly ahead of the next one.
for (const t of [0.45, 0.6, 0.65, 0.7, 0.75]) {
  for (const m of [0, 0.05, 0.1, 0.15]) {
    const offered = right.filter((r) => r.first >= t && r.first - r.second >= m);
    const good = offered.filter((r) => r.top).length;
    console.log(
      `top ≥ ${t.toFixed(2)}, ahead by ≥ ${m.toFixed(2)}: ${offered.length} fixes offered, ${good} right, ${offered.length - good} wrong; right fixes kept ${good}/${right.filter((r) => r.top).length}`,
    );
  }
}
// An agency missing from the registry altogether (the CDC case): any fix offered is wrong.
let missingOffered = 0;
for (const agency of registry.agencies) {
  const matcher = new AgencyMatcher({ agencies: registry.agencies.filter((a) => a.id !== agency.id) });
  if (matcher.lookup(agency.name)) continue;
  const [first, second] = matcher.suggestScored(agency.name, 2);
  if (first && first.score >= 0.6 && first.score - (second?.score ?? 0) >= 0.1) missingOffered++;
}
console.log(
  `agencies left out of the registry: ${registry.agencies.length}; a (wrong) fix offered at 0.60/0.10 for ${missingOffered}`,
);
console.log('CDC probe:', probe.map((p) => `${p.name} ${p.score.toFixed(3)}`).join('; '));
console.log(
  'highest wrong:',
  [...wrong]
    .sort((a, b) => b.score - a.score)
    .slice(0, 8)
    .map((w) => `${w.name} → ${w.nearest} ${w.score.toFixed(3)}`)
    .join('\n  '),
);
