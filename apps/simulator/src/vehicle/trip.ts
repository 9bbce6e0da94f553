import type { Rng } from '../random';
import { distanceM, Path, type LatLon } from './geo';
import { routePoints, type City } from './routes';
import type { VehicleState } from './state';

export type IncidentKind = 'frontal' | 'pothole' | 'bump' | 'hardBraking';

/** Chance per trip of each kind of crash-sensor trigger. */
export type IncidentRates = Record<IncidentKind, number>;
export const DEFAULT_INCIDENT_RATES: IncidentRates = { hardBraking: 0.04, pothole: 0.03, bump: 0.02, frontal: 0.003 };

export interface Trip {
  path: Path;
  s: number;
  /** Distances along the path where the car will stop (traffic lights, junctions), ascending. */
  stops: number[];
  waitUntil: number;
  speedFactor: number;
  accelMax: number;
  incidents: { s: number; kind: IncidentKind }[];
  hardBrakeUntil: number;
  /** How to get back to the hub from where this trip ends. */
  back: LatLon[];
}

function truncate(points: LatLon[], fraction: number): LatLon[] {
  const path = new Path(points);
  const s = path.length * fraction;
  const kept = points.filter((_, i) => path.cum[i]! < s);
  const end = path.at(s);
  return [...kept, { lat: end.lat, lon: end.lon }];
}

/** Picks the outbound route: towards a requested destination, else a random one, parking part-way along it. */
function outbound(city: City, rng: Rng, destination: LatLon | null): LatLon[] {
  if (!destination) return truncate(routePoints(city, rng.int(0, city.routes.length - 1)), rng.between(0.45, 1));
  const best = city.routes
    .map((_, i) => routePoints(city, i))
    .sort((a, b) => distanceM(a[a.length - 1]!, destination) - distanceM(b[b.length - 1]!, destination))[0]!;
  // A destination in another city is not driven to; the car goes as near as its home roads allow.
  return distanceM(city.hub, destination) < 40_000 ? [...best, destination] : best;
}

/** Plans the next trip from where the car is parked (`back` leads to the hub; empty when at the hub). */
export function planTrip(city: City, back: LatLon[], rng: Rng, rates: IncidentRates, destination: LatLon | null = null): Trip {
  const homeOnly = back.length > 1 && !destination && rng.chance(0.35);
  const out = homeOnly ? [] : outbound(city, rng, destination);
  const points = [...back, ...(back.length ? out.slice(1) : out)].filter((p, i, arr) => i === 0 || distanceM(arr[i - 1]!, p) > 1);
  const path = new Path(points.length >= 2 ? points : [city.hub, ...routePoints(city, 0).slice(1)]);
  const stops: number[] = [];
  for (let s = rng.between(150, 500); s < path.length - 120; s += rng.between(280, 900)) if (rng.chance(0.5)) stops.push(s);
  const incidents = (Object.keys(rates) as IncidentKind[])
    .filter((k) => rng.chance(rates[k]))
    .map((kind) => ({ kind, s: path.length * rng.between(0.15, 0.85) }))
    .sort((a, b) => a.s - b.s);
  return {
    path,
    s: 0,
    stops: [...stops, path.length],
    waitUntil: 0,
    speedFactor: rng.between(0.85, 1.1),
    accelMax: rng.between(1.3, 2.4),
    incidents,
    hardBrakeUntil: 0,
    back: homeOnly ? [] : [...out].reverse(),
  };
}

/** Advances the car one step along its trip; returns metres travelled and whether it arrived. */
export function driveStep(trip: Trip, st: VehicleState, now: number, dtS: number, rng: Rng): { distM: number; arrived: boolean } {
  const v = st.speedMs;
  const nextStop = trip.stops[0] ?? trip.path.length;
  if (now < trip.waitUntil) return settle(trip, st, 0, 0, 0, false);
  const here = trip.path.at(trip.s);
  const cruise = ((here.segmentLength > 1200 ? 72 : 48) * trip.speedFactor) / 3.6 + rng.gauss() * 0.15;
  let vNew: number;
  if (now < trip.hardBrakeUntil) vNew = Math.max(0, v - rng.between(8, 10) * dtS);
  else {
    const vStop = Math.sqrt(2 * 2.2 * Math.max(0, nextStop - trip.s - 1.5));
    vNew = Math.max(v - 3.2 * dtS, Math.min(v + trip.accelMax * dtS, Math.min(cruise, vStop)));
  }
  vNew = Math.max(0, vNew);
  const toStop = nextStop - trip.s;
  let ds = Math.min(((v + vNew) / 2) * dtS, toStop);
  const reached = toStop - ds < 1 && vNew < 3;
  if (reached) {
    ds = toStop;
    vNew = 0;
    trip.stops.shift();
    if (trip.stops.length > 0) trip.waitUntil = now + Math.round(rng.between(6, 55)) * 1000;
  }
  trip.s += ds;
  return settle(trip, st, vNew, (vNew - v) / dtS, ds, reached && trip.stops.length === 0);
}

function settle(trip: Trip, st: VehicleState, vNew: number, a: number, ds: number, arrived: boolean) {
  const pos = trip.path.at(trip.s);
  st.lat = pos.lat;
  st.lon = pos.lon;
  if (ds > 0) st.heading = pos.heading;
  st.speedMs = vNew;
  st.accelMs2 = a;
  st.acceleratorPct = a > 0.1 ? Math.min(100, 12 + a * 22) : vNew > 1 ? 9 : 0;
  st.brakePct = a < -0.3 ? Math.min(100, -a * 11) : vNew < 0.1 ? 20 : 0;
  return { distM: ds, arrived };
}
