import { z } from 'zod';
const f = z.function({ input: [z.string()], output: z.string() });
console.log(typeof (f as any).parse, (f as any)._zod?.def?.type);
const s = z.object({ g: f });
try { console.log(s.parse({ g: (x: string) => x + '!' }).g('a')); } catch (e) { console.log('ERR', (e as Error).message.slice(0, 200)); }
type T = z.infer<typeof s>;
const x: T = { g: (a: string) => a };
console.log(typeof x);
