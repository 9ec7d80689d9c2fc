import { realRows } from '../real-rows.js';
import { scanName, identifyingTokens } from '../../../domain/consistency/names.js';
const base = [...realRows('tasks'), ...realRows('budget')].map(r => String(r.cells.name));
const names: string[] = [];
for (let i = 0; i < 40000; i++) names.push(`${base[i % base.length]} (hạng mục ${i})`);
for (let k = 0; k < 3; k++) {
let t = performance.now(); let n = 0;
for (const s of names) { const sc = scanName(s); n += identifyingTokens(sc.syllables).length; if (sc.headLength > 0) n += identifyingTokens(sc.syllables, sc.headLength).length; }
console.log('tokenize 40k', (performance.now() - t).toFixed(0), 'ms', n);
}
for (const s of base.slice(200, 215)) { const sc = scanName(s); console.log(sc.headLength, sc.syllables.slice(0, sc.headLength > 0 ? sc.headLength : undefined).join(' ').slice(0, 100)); }
console.log(identifyingTokens(scanName('Mở rộng hợp tác quốc tế về KH&CN và ĐMST').syllables));
console.log(identifyingTokens(scanName('Mở rộng hợp tác quốc tế về khoa học – công nghệ và đổi mới sáng tạo').syllables));
console.log(scanName('Sở VH - TT & DL hoá').syllables);
