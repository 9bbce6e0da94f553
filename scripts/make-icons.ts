// Renders the PWA's PNG icons from the SVG icons in apps/web/public (run after changing an SVG; the PNGs are committed).
// Usage: npm run icons
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const publicDir = fileURLToPath(new URL('../apps/web/public', import.meta.url));

/** Which SVG becomes which PNG; the manifest lists the same files and sizes. */
export const ICONS = [
  { from: 'icon.svg', to: 'icon-192.png', size: 192 },
  { from: 'icon.svg', to: 'icon-512.png', size: 512 },
  { from: 'icon-maskable.svg', to: 'icon-maskable-512.png', size: 512 },
] as const;

export function renderIcon(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const icon of ICONS) {
    const png = renderIcon(readFileSync(join(publicDir, icon.from), 'utf8'), icon.size);
    writeFileSync(join(publicDir, icon.to), png);
    console.log(`${icon.to}: ${icon.size}x${icon.size}, ${png.length} bytes`);
  }
}
