// Draws Planform's PNG icons (192, 512, and a maskable 512 with safe-zone padding) with no
// dependency: each pixel is sampled 4×4 against the same shapes as public/icon.svg, then
// written as a PNG with Node's zlib. The PNGs are committed; run this only to redraw them:
//   node scripts/icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [9, 105, 218], WHITE = [255, 255, 255], FOLD = [207, 227, 251];

// Shapes in the 64×64 design space of icon.svg. Later shapes paint over earlier ones.
function paint(x, y, maskable) {
  // The maskable icon fills the square and keeps the artwork inside the central 80 %.
  if (maskable) {
    x = (x - 32) / 0.8 + 32;
    y = (y - 32) / 0.8 + 32;
  } else if (!roundRect(x, y, 0, 0, 64, 64, 14)) return null;
  let c = BLUE;
  if (roundRect(x, y, 14, 14, 48, 54, 4) && !(x > 38 && y < 24 && x - 38 > y - 14)) c = WHITE;
  if (x >= 38 && x <= 48 && y >= 14 && y <= 24 && x - 38 <= y - 14) c = FOLD;
  for (const [x1, yy, x2] of [[21, 31, 43], [21, 38, 43], [21, 45, 35]]) {
    if (Math.hypot(x - Math.max(x1, Math.min(x, x2)), y - yy) <= 1.75) c = BLUE;
  }
  return c;
}

function roundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return Math.hypot(x - cx, y - cy) <= r;
}

function png(size, maskable) {
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) {
        const c = paint(((px + (sx + 0.5) / 4) / size) * 64, ((py + (sy + 0.5) / 4) / size) * 64, maskable);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
      }
      const o = 1 + px * 4;
      if (a) { row[o] = r / a; row[o + 1] = g / a; row[o + 2] = b / a; }
      row[o + 3] = Math.round((a / 16) * 255);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const out = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, false));
writeFileSync(new URL('icon-512.png', out), png(512, false));
writeFileSync(new URL('icon-maskable-512.png', out), png(512, true));
console.log('wrote public/icons/icon-192.png, icon-512.png, icon-maskable-512.png');
