/**
 * Draws the add-in's icons (a table with a check mark on the brand blue) as PNGs at the sizes
 * the manifest names. Run: npx tsx addin/assets/generate-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 64, 80, 128];
type RGBA = [number, number, number, number];
const BLUE: RGBA = [15, 108, 189, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const LIGHT: RGBA = [199, 224, 244, 255];
const GREEN: RGBA = [16, 124, 16, 255];

/** Colour at (x, y) in a unit square, before anti-aliasing. */
function shade(x: number, y: number): RGBA | null {
  const r = 0.16;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null; // rounded corners
  // A check mark in the lower right, over everything.
  const d1 = distToSegment(x, y, 0.52, 0.72, 0.64, 0.84);
  const d2 = distToSegment(x, y, 0.64, 0.84, 0.88, 0.56);
  if (Math.min(d1, d2) < 0.055) return GREEN;
  if (Math.min(d1, d2) < 0.095) return WHITE;
  // The sheet: a white table with a header band and grid lines.
  if (x > 0.2 && x < 0.8 && y > 0.22 && y < 0.78) {
    if (y < 0.36) return LIGHT;
    const gridX = [0.4, 0.6].some((g) => Math.abs(x - g) < 0.018);
    const gridY = [0.5, 0.64].some((g) => Math.abs(y - g) < 0.018);
    return gridX || gridY ? LIGHT : WHITE;
  }
  return BLUE;
}

function distToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const t = Math.max(
    0,
    Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function render(size: number): Buffer {
  const ss = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size);
          if (!c) continue;
          for (let k = 0; k < 3; k++) acc[k]! += c[k]! * c[3];
          acc[3]! += c[3];
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const a = acc[3]!;
      raw[o] = a ? Math.round(acc[0]! / a) : 0;
      raw[o + 1] = a ? Math.round(acc[1]! / a) : 0;
      raw[o + 2] = a ? Math.round(acc[2]! / a) : 0;
      raw[o + 3] = Math.round(a / (ss * ss));
    }
  }
  return png(size, raw);
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size: number, raw: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of SIZES) writeFileSync(new URL(`./icon-${size}.png`, import.meta.url), render(size));
console.log(`Đã vẽ biểu tượng: ${SIZES.map((s) => `icon-${s}.png`).join(', ')}`);
