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
  const fleet = await simulator.startFleet({
    brokerUrl: opts.brokerUrl,
    commandPublicKeyPem: opts.commandPublicKeyPem,
    vehicles,
    log: opts.log,
  });
  return { vins: vehicles.map((v) => v.vin), stop: () => fleet.stop() };
}

/** Where an in-process client reaches the embedded broker: loopback unless the broker listens on one address only. */
export function loopbackBrokerUrl(host: string, port: number): string {
  const any = host === '0.0.0.0' || host === '::' || host === '';
  const h = any ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `mqtt://${h}:${port}`;
}
