// A car's recent past, simulated by its own model on a virtual clock and sent afterwards as store-and-forward data
// with the original timestamps, as a car coming back into coverage does. Demos use it so a fresh start is lived-in.
import type { Powertrain } from '@marque/contracts';
import type { TelemetryMessageT } from '@marque/contracts/vehicle';
import { createRng, hashSeed } from './random';
import type { Outgoing, VehicleModel } from './vehicle/model';
import { hasTractionBattery } from './vehicle/state';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** One simulated minute at a time from `fromMs` to `toMs`: what the car sent by the end of each minute. */
export function* recordedMinutes(model: VehicleModel, fromMs: number, toMs: number): Generator<{ at: number; out: Outgoing[] }> {
  for (let t = fromMs + MIN; t <= toMs; t += MIN) {
    model.advanceTo(t);
    yield { at: t, out: model.drain() };
  }
}

/** Something that happens to one car during its replay, through the model's own state and fault rules. */
export type Scene = (model: VehicleModel, at: number, sent: Outgoing[]) => void;

/** A tyre starts losing pressure slowly: low (below 80 % of nominal) some hours before `toMs`, not yet flat. */
export function slowLeak(fromMs: number, toMs: number, seed: number): Scene {
  let started = false;
  return (model) => {
    if (started) return;
    started = true;
    const s = model.state;
    const wheel = createRng(hashSeed(seed, 'leak')).int(0, 3);
    // Ends near 178 kPa: under the low-pressure line, above the level at which the model's driver fixes it.
    const kPaPerH = Math.max(0.5, (s.tyresKPa[wheel]! - 178) / ((toMs - fromMs) / HOUR));
    s.leak = { wheel, kPaPerH };
  };
}

/**
 * A cold night drains the 12 V battery below what a clean start needs; at the next ignition the model's own fault
 * rules (rollFaults) set the battery code, and the low voltage shows in the parked state.
 */
export function weakBattery(atMs: number): Scene {
  let done = false;
  return (model, at) => {
    if (done || at < atMs || model.driving) return;
    done = true;
    model.state.lvRestV = Math.min(model.state.lvRestV, 11.85);
  };
}

/** The owner plugs the car in while parked (again if a trip cut it short) until one charge completes. */
export function chargeToLimit(fromMs: number, untilMs: number): Scene {
  let finished = false;
  return (model, at, sent) => {
    if (
      at >= fromMs &&
      sent.some((o) => o.kind === 'event' && o.msg.type === 'charging.stopped' && o.msg.data?.reason === 'complete')
    )
      finished = true;
    const s = model.state;
    if (finished || at < fromMs || at > untilMs || model.driving || s.charging) return;
    if (s.socPct >= s.chargeLimitPct - 5) return;
    s.plugged = true;
    model.startCharging('plugged_in');
  };
}

/**
 * The scenes for a demo owner's cars, so the inbox and maintenance have something plausible to show: the first car
 * with a traction battery (a BEV first) finishes a charge, the others get a weak 12 V battery and a slow leak in turn.
 */
export function demoScenes(cars: Array<{ powertrain: Powertrain }>, fromMs: number, toMs: number, seed: number): Scene[][] {
  const out: Scene[][] = cars.map(() => []);
  const charger = [cars.findIndex((c) => c.powertrain === 'BEV'), cars.findIndex((c) => hasTractionBattery(c.powertrain))].find(
    (i) => i >= 0,
  );
  if (charger !== undefined) out[charger]!.push(chargeToLimit(toMs - 12 * HOUR, toMs - HOUR));
  const others = cars.map((_, i) => i).filter((i) => i !== charger);
  const faults: Scene[] = [weakBattery(toMs - 18 * HOUR), slowLeak(fromMs, toMs, seed)];
  faults.forEach((scene, k) => {
    const target = others.length ? others[k % others.length]! : 0;
    out[target]!.push(scene);
  });
  return out;
}

/** Contract limit: a telemetry message carries at most 600 samples; stay well under it and the broker's packet size. */
const MAX_SAMPLES = 300;
const MAX_BYTES = 200 * 1024;

/**
 * Runs `model` (created at the start of the replay) up to `toMs`, applying `scenes` each minute, and returns what
 * it sent with its telemetry merged into fewer, larger messages (the contract allows up to 600 samples each), so
 * the backlog stays far under the broker's per-car rate limit. The model is left at `toMs`, ready to go on live.
 */
export function replay(model: VehicleModel, toMs: number, scenes: Scene[] = []): Outgoing[] {
  const sent: Outgoing[] = [];
  for (const { at, out } of recordedMinutes(model, model.now, toMs)) {
    sent.push(...out);
    for (const scene of scenes) scene(model, at, out);
  }
  model.syncTo(toMs);
  // Back in touch, the car reports its whole state at once, so the latest values are fresh (unless out of coverage).
  model.report();
  sent.push(...model.drain());
  return mergeTelemetry(sent);
}

/** Merges consecutive telemetry messages (events stay as they are); each merged message keeps its first `seq`. */
export function mergeTelemetry(sent: Outgoing[]): Outgoing[] {
  const out: Outgoing[] = [];
  let open: { msg: TelemetryMessageT; bytes: number } | null = null;
  for (const o of sent) {
    if (o.kind === 'event') {
      out.push(o);
      continue;
    }
    const bytes = JSON.stringify(o.msg.samples).length;
    if (open && open.msg.samples.length + o.msg.samples.length <= MAX_SAMPLES && open.bytes + bytes <= MAX_BYTES) {
      open.msg.samples.push(...o.msg.samples);
      open.bytes += bytes;
      continue;
    }
    open = { msg: { seq: o.msg.seq, samples: [...o.msg.samples] }, bytes };
    out.push({ kind: 'telemetry', msg: open.msg });
  }
  return out;
}

/** A backlog handed out a few messages at a time, so a car's catch-up stays under the broker's rate limit. */
export class Backlog {
  constructor(
    private readonly items: Outgoing[],
    private readonly perTake = 4,
  ) {}

  get length(): number {
    return this.items.length;
  }

  take(): Outgoing[] {
    return this.items.splice(0, this.perTake);
  }
}
