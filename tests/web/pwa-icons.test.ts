import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/server-process';

const publicDir = join(repoRoot, 'apps', 'web', 'public');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Icon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}
const manifest = JSON.parse(readFileSync(join(publicDir, 'manifest.webmanifest'), 'utf8')) as { icons: Icon[] };

/** Width and height from the PNG's IHDR chunk, which always comes first. */
function pngSize(file: Buffer): { width: number; height: number } {
  assert.ok(file.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature');
  assert.equal(file.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) };
}

test('the manifest declares installable PNG icons: 192, 512 and a maskable 512', () => {
  const png = manifest.icons.filter((i) => i.type === 'image/png');
  const has = (sizes: string, purpose: string) => png.some((i) => i.sizes === sizes && (i.purpose ?? 'any').split(' ').includes(purpose));
  assert.ok(has('192x192', 'any'));
  assert.ok(has('512x512', 'any'));
  assert.ok(has('512x512', 'maskable'));
});

test('every icon the manifest names exists; each PNG is a PNG of its declared size (npm run icons renders them)', () => {
  for (const icon of manifest.icons) {
    const path = join(publicDir, icon.src.replace(/^\//, ''));
    assert.ok(existsSync(path), `${icon.src} exists`);
    const file = readFileSync(path);
    if (icon.type === 'image/svg+xml') {
      assert.match(file.toString('utf8'), /^<svg[\s>]/, `${icon.src} is an SVG`);
      continue;
    }
    assert.equal(icon.type, 'image/png', `${icon.src}: only PNG and SVG icons are used`);
    const [w, h] = icon.sizes.split('x').map(Number);
    assert.deepEqual(pngSize(file), { width: w, height: h }, icon.src);
    assert.ok(file.length > 1000, `${icon.src} is not an empty image`);
  }
});
