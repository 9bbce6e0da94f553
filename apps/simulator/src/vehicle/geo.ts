export interface LatLon {
  lat: number;
  lon: number;
}

const R = 6_371_000;
const rad = (d: number) => (d * Math.PI) / 180;

export function distanceM(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x =
    Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

/** A polyline with its cumulative lengths, so a position at any distance along it is cheap to find. */
export class Path {
  readonly cum: number[];
  constructor(readonly points: readonly LatLon[]) {
    if (points.length < 2) throw new Error('a path needs two points');
    this.cum = [0];
    for (let i = 1; i < points.length; i++) this.cum.push(this.cum[i - 1]! + distanceM(points[i - 1]!, points[i]!));
  }

  get length(): number {
    return this.cum[this.cum.length - 1]!;
  }

  /** Position and heading at `s` metres along the path (clamped to its ends). */
  at(s: number): LatLon & { heading: number; segmentLength: number } {
    const d = Math.max(0, Math.min(s, this.length));
    let i = 1;
    while (i < this.cum.length - 1 && this.cum[i]! < d) i++;
    const a = this.points[i - 1]!;
    const b = this.points[i]!;
    const seg = this.cum[i]! - this.cum[i - 1]!;
    const f = seg > 0 ? (d - this.cum[i - 1]!) / seg : 0;
    return {
      lat: a.lat + (b.lat - a.lat) * f,
      lon: a.lon + (b.lon - a.lon) * f,
      heading: bearingDeg(a, b),
      segmentLength: seg,
    };
  }
}
