import { DEFAULT_PERIOD, tableDef } from '../../../domain/index.js';
import { matcher } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { identifyingTokens, scanName } from '../../../domain/consistency/names.js';
import { Vocabulary } from '../../../domain/consistency/similarity.js';
const rows = generatedRound(40000);
for (let k = 0; k < 2; k++) {
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, (n - t).toFixed(0)); t = n; };
const scans = rows.map(r => scanName(String(r.cells.name))); lap('scan');
const toks = scans.map(s => identifyingTokens(s.syllables)); lap('tokens');
const heads = scans.map(s => s.headLength > 0 ? identifyingTokens(s.syllables, s.headLength) : null); lap('heads');
const keys = scans.map(s => s.syllables.join(' ')); lap('keys');
const m = rows.map(r => [matcher.matchList(String(r.cells.lead ?? '')), matcher.matchList(String(r.cells.partners ?? ''))]); lap('match');
const v = new Vocabulary(toks); lap('vocab');
const sets = toks.map(x => v.tokenSet(x)); lap('sets');
const sorted = [...rows].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)); lap('sort');
}
