// The trips and home-screen benchmarks (sections (d) and (e) of docs/benchmarks.md), run after the others by
// bench/run.ts, or alone with `npm run bench -- trips home`.
import { benchTrips } from './trips';
import { benchHome } from './home';

const BENCHES: Record<string, () => Promise<void>> = { trips: benchTrips, home: benchHome };

export const isOwnBench = (name: string) => name in BENCHES;

/** Runs the named benchmarks in this order (all of them when none is named). */
export async function runOwnBenches(wanted: string[]): Promise<void> {
  const names = wanted.length === 0 ? Object.keys(BENCHES) : Object.keys(BENCHES).filter((n) => wanted.includes(n));
  for (const name of names) await BENCHES[name]!();
}
