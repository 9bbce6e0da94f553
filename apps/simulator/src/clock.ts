/** Simulation time: virtual milliseconds since the epoch. */
export interface SimClock {
  now(): number;
}

/** A virtual clock that starts at `startMs` and runs `speedup` times faster than the real one. */
export function virtualClock(opts: { startMs?: number; speedup?: number; realNow?: () => number } = {}): SimClock {
  const realNow = opts.realNow ?? (() => performance.now());
  const speedup = opts.speedup ?? 1;
  if (!(speedup > 0)) throw new RangeError('speedup must be above 0');
  const start = opts.startMs ?? Date.now();
  const real0 = realNow();
  return { now: () => Math.floor(start + (realNow() - real0) * speedup) };
}

export const iso = (ms: number) => new Date(ms).toISOString();
