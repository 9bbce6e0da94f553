import type { CollisionDataT } from '@marque/contracts/vehicle';
import type { Rng } from '../random';
import type { IncidentKind } from './trip';

export const G = 9.80665;

/** One second of driving as the crash recorder remembers it. */
export interface HistoryPoint {
  speedKmh: number;
  acceleratorPct: number;
  brake: boolean;
}

export interface CrashContext {
  rng: Rng;
  /** 1 Hz samples over the last seconds, oldest first, the last one at the trigger. */
  history: HistoryPoint[];
  location: { lat: number; lon: number; heading: number };
  belts: { driver: boolean; passenger: boolean };
  sampleRateHz?: number;
  triggerOffsetMs?: number;
}

type Pulse = { postMs: number; at: (tMs: number) => [number, number, number]; severe: boolean; leadMs: number };

const halfSine = (t: number, start: number, dur: number) =>
  t < start || t > start + dur ? 0 : Math.sin((Math.PI * (t - start)) / dur);
const fullSine = (t: number, start: number, dur: number) =>
  t < start || t > start + dur ? 0 : Math.sin((2 * Math.PI * (t - start)) / dur);

/** The acceleration each kind of trigger produces, in m/s² with gravity removed; t = 0 is the trigger. */
function pulse(kind: IncidentKind, rng: Rng): Pulse {
  const start = -rng.between(2, 8);
  if (kind === 'frontal') {
    const dur = rng.between(80, 150);
    const peakG = rng.between(20, 60);
    const ky = rng.between(-0.15, 0.15);
    const kz = rng.between(-0.08, 0.08);
    return {
      postMs: 400,
      severe: peakG >= 25,
      leadMs: 0,
      at: (t) => {
        const x = -peakG * G * halfSine(t, start, dur);
        return [x, x * ky, Math.abs(x) * kz];
      },
    };
  }
  if (kind === 'pothole' || kind === 'bump') {
    const pothole = kind === 'pothole';
    const dur = pothole ? rng.between(30, 60) : rng.between(80, 160);
    const amp = (pothole ? rng.between(2, 5) : rng.between(1.5, 3.5)) * G * (pothole ? -1 : 1);
    return {
      postMs: 300,
      severe: false,
      leadMs: 0,
      at: (t) => [-0.12 * Math.abs(amp) * halfSine(t, start, dur), 0, amp * fullSine(t, start, dur)],
    };
  }
  const plateau = rng.between(8, 10);
  const ramp = rng.between(60, 100);
  return {
    postMs: 700,
    severe: false,
    leadMs: ramp,
    at: (t) => {
      const f = Math.min(1, Math.max(0, (t + ramp) / ramp));
      const x = -plateau * f * f * (3 - 2 * f);
      return [x, 0, -0.04 * x];
    },
  };
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** Builds a `collision` event's data exactly as the contract's CollisionData describes it. */
export function collisionData(kind: IncidentKind, ctx: CrashContext): CollisionDataT {
  const rate = ctx.sampleRateHz ?? 200;
  const offset = ctx.triggerOffsetMs ?? 100;
  const p = pulse(kind, ctx.rng);
  const n = Math.ceil(((offset + p.postMs) * rate) / 1000) + 1;
  const accel: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const t = (i * 1000) / rate - offset;
    const [x, y, z] = p.at(t);
    const noise = () => ctx.rng.gauss() * 0.12;
    accel.push([r2(x + noise()), r2(y + noise()), r2(z + noise())]);
  }
  const speedKmh = r2(ctx.history[ctx.history.length - 1]?.speedKmh ?? 0);
  return {
    sampleRateHz: rate,
    triggerOffsetMs: offset,
    accel,
    preCrash: preCrash(ctx.history, kind === 'hardBraking' ? p.leadMs : 0),
    airbag: p.severe
      ? { deployed: true, timeToDeployMs: Math.round(ctx.rng.between(12, 30)) }
      : { deployed: false, timeToDeployMs: null },
    belts: ctx.belts,
    speedKmh,
    location: { ...ctx.location, heading: Math.min(360, Math.max(0, ctx.location.heading)) },
  };
}

/** The 10 Hz pre-crash record over the five seconds before, interpolated from the 1 Hz history. */
function preCrash(history: HistoryPoint[], brakingLeadMs: number): CollisionDataT['preCrash'] {
  if (history.length === 0) return [];
  const last = history.length - 1;
  const out: CollisionDataT['preCrash'] = [];
  for (let dt = -5000; dt < 0; dt += 100) {
    const f = Math.max(0, last + dt / 1000);
    const a = history[Math.floor(f)]!;
    const b = history[Math.min(last, Math.ceil(f))]!;
    const w = f - Math.floor(f);
    out.push({
      dtMs: dt,
      speedKmh: r2(Math.max(0, a.speedKmh + (b.speedKmh - a.speedKmh) * w)),
      acceleratorPct: Math.round(a.acceleratorPct + (b.acceleratorPct - a.acceleratorPct) * w),
      brake: (w < 0.5 ? a.brake : b.brake) || -dt <= brakingLeadMs,
    });
  }
  return out;
}
