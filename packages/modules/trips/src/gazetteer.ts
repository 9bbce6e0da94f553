import { readFileSync } from 'node:fs';
import { haversineM } from './trip-detection';

interface Town {
  name: string;
  lat: number;
  lon: number;
}

const MAX_M = 15_000;
let towns: Town[] | undefined;

/** The bundled towns, loaded once (a small offline list: no geocoding service sees owners' positions). */
function load(): Town[] {
  towns ??= JSON.parse(readFileSync(new URL('./towns.json', import.meta.url), 'utf8')) as Town[];
  return towns;
}

/** A readable label for a position: the nearest bundled town within 15 km, else the coordinates. */
export function placeLabel(lat: number, lon: number): string {
  let best: Town | null = null;
  let bestM = Infinity;
  for (const t of load()) {
    // Cheap reject before the trigonometry: 0.3° of latitude is ~33 km.
    if (Math.abs(t.lat - lat) > 0.3 || Math.abs(t.lon - lon) > 0.5) continue;
    const d = haversineM(lat, lon, t.lat, t.lon);
    if (d < bestM) [best, bestM] = [t, d];
  }
  return best && bestM <= MAX_M ? best.name : `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
}
