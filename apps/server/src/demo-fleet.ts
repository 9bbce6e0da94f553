import { readFileSync } from 'node:fs';
import type { Logger } from '@marque/kernel';
import type * as Simulator from '@marque/simulator';
import { demoRegistryFile } from './demo';

/** How many cars the demo fleet runs, and how many of them the demo owner holds. */
export const DEMO_FLEET_SIZE = 8;
export const DEMO_OWNER_CARS = 3;

interface FeedRow {
  vin: string;
  powertrain: string;
  head_unit: string;
}

/**
 * The demo fleet's VINs from the bundled feed: cars with a head unit, powertrains taken in turn so the fleet is
 * mixed. Deterministic, so the demo owner's cars are the same on every start; the first DEMO_OWNER_CARS are the owner's.
 */
export function demoFleetVins(file = demoRegistryFile, size = DEMO_FLEET_SIZE): string[] {
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as FeedRow[]).filter((r) => r.head_unit && r.head_unit !== 'none');
  const byPowertrain = new Map<string, FeedRow[]>();
  for (const r of rows) byPowertrain.set(r.powertrain, [...(byPowertrain.get(r.powertrain) ?? []), r]);
  const queues = [...byPowertrain.values()];
  const out: string[] = [];
  for (let i = 0; out.length < Math.min(size, rows.length); i++) {
    for (const q of queues) if (q[i] && out.length < size) out.push(q[i]!.vin);
  }
  return out;
}

export const demoOwnerVins = (): string[] => demoFleetVins().slice(0, DEMO_OWNER_CARS);

const HOUR = 3_600_000;
/** How much of their past the demo owner's cars replay when they have sent nothing yet. */
export const DEMO_REPLAY_MS = 36 * HOUR;
/** The owner's first car leaves within this of the start (a live trip to watch), the others within ten minutes. */
export const DEMO_FIRST_DEPARTURE_MS = 90_000;
const DEMO_LATER_DEPARTURE_MS = 10 * 60_000;

/** What the demo needs to know before replaying a car's past: the telemetry history and the holdings. */
export interface DemoHistorySource {
  /** The oldest measurement time among the car's data received after `since`, not before `notBefore`. */
  earliestReceived(vin: string, since: Date, notBefore: Date): Promise<Date | null>;
  holderAt(vin: string, at: Date): Promise<{ since: Date } | null>;
}

/**
 * Which of the owner's cars replay their past, and from when: those with no telemetry within the server's
 * accepted age, from DEMO_REPLAY_MS ago but never before their holding began (the data must be the holder's).
 */
export async function demoReplayPlan(
  src: DemoHistorySource,
  vins: string[],
  opts: { now: Date; maxAgeDays: number },
): Promise<Record<string, number>> {
  const now = opts.now.getTime();
  const oldestAccepted = now - opts.maxAgeDays * 24 * HOUR;
  const plan: Record<string, number> = {};
  for (const vin of vins) {
    if (await src.earliestReceived(vin, new Date(0), new Date(oldestAccepted))) continue;
    const holding = await src.holderAt(vin, opts.now);
    if (!holding) continue;
    // A minute of margin on either side: the holding must cover the first sample, and the server's age check the last.
    const from = Math.max(now - DEMO_REPLAY_MS, holding.since.getTime() + 60_000, oldestAccepted + HOUR);
    if (now - from >= HOUR) plan[vin] = from;
  }
  return plan;
}

/** The owner's first car leaves within DEMO_FIRST_DEPARTURE_MS, the others soon after. */
export const demoDepartures = (ownerVins: string[]): Record<string, number> =>
  Object.fromEntries(ownerVins.map((v, i) => [v, i === 0 ? DEMO_FIRST_DEPARTURE_MS : DEMO_LATER_DEPARTURE_MS]));

export interface DemoFleet {
  vins: string[];
  stop(): Promise<void>;
}

/**
 * Runs the demo fleet in this process as outside clients: its own MQTT connections over loopback to the broker,
 * device secrets from the feed, commands verified with the public key. Undefined when the simulator is not installed.
 */
export async function startDemoFleet(opts: {
  brokerUrl: string;
  commandPublicKeyPem: string;
  log: Logger;
  /** The demo owner's cars: early starters, and replayed when they have no telemetry yet. */
  owner?: { vins: string[]; history: DemoHistorySource; now: Date; maxAgeDays: number };
}): Promise<DemoFleet | undefined> {
  let simulator: typeof Simulator;
  try {
    simulator = await import('@marque/simulator');
  } catch (e) {
    opts.log.warn({ err: (e as Error).message }, 'the simulator is not installed: no demo fleet');
    return undefined;
  }
  const wanted = new Set(demoFleetVins());
  const vehicles = simulator.readRegistry(demoRegistryFile).filter((v) => wanted.has(v.vin));
  const owner = opts.owner;
  const replayFrom = owner ? await demoReplayPlan(owner.history, owner.vins, owner) : {};
  if (Object.keys(replayFrom).length)
    opts.log.info({ vehicles: Object.keys(replayFrom).length }, 'demo cars replay their recent past');
  const fleet = await simulator.startFleet({
    brokerUrl: opts.brokerUrl,
    commandPublicKeyPem: opts.commandPublicKeyPem,
    vehicles,
    log: opts.log,
    replayFrom,
    departWithin: demoDepartures(owner?.vins ?? []),
  });
  return { vins: vehicles.map((v) => v.vin), stop: () => fleet.stop() };
}

/** Where an in-process client reaches the embedded broker: loopback unless the broker listens on one address only. */
export function loopbackBrokerUrl(host: string, port: number): string {
  const any = host === '0.0.0.0' || host === '::' || host === '';
  const h = any ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `mqtt://${h}:${port}`;
}
