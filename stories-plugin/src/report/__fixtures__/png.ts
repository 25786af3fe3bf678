/** A minimal PNG reader for screenshot checks: 8-bit RGB or RGBA, not interlaced (what Chromium writes). */
import { inflateSync } from 'node:zlib';

/** Decoded pixels, four bytes (RGBA) per pixel, row by row. */
export interface DecodedPng {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes a PNG file's bytes; throws on anything this reader does not handle. */
export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8], colour: body[9], interlace: body[12] };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without IHDR');
  if (header.depth !== 8 || (header.colour !== 2 && header.colour !== 6) || header.interlace !== 0) {
    throw new Error(`unsupported PNG: depth ${header.depth}, colour type ${header.colour}, interlace ${header.interlace}`);
  }
  const channels = header.colour === 6 ? 4 : 3;
  const stride = header.width * channels;
  const raw = inflateSync(Buffer.concat(data));
  const pixels = new Uint8Array(stride * header.height);
  for (let row = 0; row < header.height; row += 1) {
    const filter = raw[row * (stride + 1)];
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const out = row * stride;
    for (let i = 0; i < stride; i += 1) {
      const left = i >= channels ? pixels[out + i - channels] : 0;
      const up = row > 0 ? pixels[out - stride + i] : 0;
      const upLeft = row > 0 && i >= channels ? pixels[out - stride + i - channels] : 0;
      pixels[out + i] = (line[i] + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  const rgba = new Uint8Array(header.width * header.height * 4);
  for (let pixel = 0; pixel < header.width * header.height; pixel += 1) {
    rgba[pixel * 4] = pixels[pixel * channels];
    rgba[pixel * 4 + 1] = pixels[pixel * channels + 1];
    rgba[pixel * 4 + 2] = pixels[pixel * channels + 2];
    rgba[pixel * 4 + 3] = channels === 4 ? pixels[pixel * channels + 3] : 255;
  }
  return { width: header.width, height: header.height, rgba };
}

function predict(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const estimate = left + up - upLeft;
      const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
      return a <= b && a <= c ? left : b <= c ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** How many pixels have each `#rrggbb` colour. */
export function colourHistogram(png: DecodedPng): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < png.rgba.length; i += 4) {
    const key = `#${[png.rgba[i], png.rgba[i + 1], png.rgba[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
