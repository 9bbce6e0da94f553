import { loadPublicKey } from '@marque/contracts/vehicle';
import { virtualClock, type SimClock } from './clock';
import { createRng, hashSeed } from './random';
import { VehicleClient, type FleetCounters, type SimLogger } from './vehicle-client';
import { VehicleModel, type ModelOptions } from './vehicle/model';
import { Backlog, demoScenes, replay } from './replay';
import type { VehicleSpec } from './vehicle/state';

export interface FleetOptions {
  brokerUrl: string;
  /** Where to fetch the platform's command public key (`GET /api/v1/vehicle-command-key`), unless given as PEM. */
  apiUrl?: string;
  commandPublicKeyPem?: string;
  vehicles: VehicleSpec[];
  /** Simulated time runs this many times faster than real time (default 1). */
  speedup?: number;
  seed?: number;
  log?: SimLogger;
  /** New connections per second, so a large fleet does not storm the broker (default 50). */
  connectPerSecond?: number;
  /** Real milliseconds between simulation ticks (default 250). */
  tickMs?: number;
  /** Share of the fleet that leaves on a first trip within ten simulated minutes (default 0.5), for lively demos. */
  earlyStarters?: number;
  /**
   * Cars (by VIN) that first replay their past from the given time (ms) up to now and send it as store-and-forward
   * data, with the demo scenes of ./replay; they then go on live from where the replay left them.
   */
  replayFrom?: Record<string, number>;
  /** Cars (by VIN) that leave on a trip within the given ms of the start, whatever `earlyStarters` draws. */
  departWithin?: Record<string, number>;
  clock?: SimClock;
  wallNow?: () => number;
  model?: Omit<ModelOptions, 'index' | 'firstTripWithinMs'>;
}

export interface FleetStats extends FleetCounters {
  vehicles: number;
  started: number;
  connected: number;
  driving: number;
  asleep: number;
  outOfCoverage: number;
  buffered: number;
  simulatedTime: string;
}

export interface Fleet {
  stats(): FleetStats;
  stop(): Promise<void>;
}

const silent: SimLogger = { info() {}, warn() {}, error() {} };

/** Fetches the platform's Ed25519 command public key (PEM), as a car gets it at provisioning. */
export async function fetchCommandKey(apiUrl: string): Promise<string> {
  const url = new URL('/api/v1/vehicle-command-key', apiUrl);
  const res = await fetch(url, { headers: { accept: 'application/x-pem-file, text/plain, application/json' } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const body = await res.text();
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(body.replace(/\\n/g, '\n'))?.[0];
  if (!pem) throw new Error(`GET ${url} did not return a PEM public key`);
  return pem;
}

/** Runs virtual vehicles as outside MQTT clients of the platform; returns at once, connecting them gradually. */
export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const pem = opts.commandPublicKeyPem ?? (opts.apiUrl ? await fetchCommandKey(opts.apiUrl) : undefined);
  if (!pem) throw new Error('startFleet needs commandPublicKeyPem or apiUrl to verify signed commands');
  const publicKey = loadPublicKey(pem);
  const log = opts.log ?? silent;
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const clock = opts.clock ?? virtualClock({ speedup: opts.speedup ?? 1 });
  const counters: FleetCounters = { messagesSent: 0, commandsExecuted: 0, commandsFailed: 0, commandsRejected: 0, errors: 0 };
  const deps = { brokerUrl: opts.brokerUrl, publicKey, clock, wallNow: opts.wallNow ?? Date.now, counters, log };
  const startMs = clock.now();
  const fleetRng = createRng(hashSeed(seed, 'fleet'));
  const replayed = opts.vehicles.filter((v) => opts.replayFrom?.[v.vin] !== undefined);
  const scenes = new Map(replayed.map((v, i) => [v.vin, i]));
  const clients = opts.vehicles.map((spec, index) => {
    const early = fleetRng.chance(opts.earlyStarters ?? 0.5);
    const soon = opts.departWithin?.[spec.vin] ?? (early ? 10 * 60_000 : undefined);
    const from = opts.replayFrom?.[spec.vin];
    const model = new VehicleModel(
      spec,
      createRng(hashSeed(seed, spec.vin)),
      createRng(hashSeed(seed, spec.vin, startMs, 'ids')),
      from ?? startMs,
      { ...opts.model, index, firstTripWithinMs: from === undefined ? soon : undefined },
    );
    if (from === undefined) return new VehicleClient(model, deps);
    const sceneList = demoScenes(replayed, from, startMs, seed)[scenes.get(spec.vin)!] ?? [];
    const backlog = replay(model, startMs, sceneList);
    model.endCoverageGap();
    if (soon !== undefined) model.departWithin(soon);
    return new VehicleClient(model, deps, new Backlog(backlog));
  });
  let started = 0;
  const connector = setInterval(
    () => {
      if (started < clients.length) clients[started++]!.connect();
      if (started >= clients.length) clearInterval(connector);
    },
    1000 / (opts.connectPerSecond ?? 50),
  );
  const ticker = setInterval(() => {
    const now = clock.now();
    for (let i = 0; i < started; i++) clients[i]!.tick(now);
  }, opts.tickMs ?? 250);
  log.info({ vehicles: clients.length, seed, speedup: opts.speedup ?? 1 }, 'simulated fleet starting');

  return {
    stats: () => fleetStats(clients, started, counters, clock),
    async stop() {
      clearInterval(connector);
      clearInterval(ticker);
      await Promise.all(clients.slice(0, started).map((c) => c.stop()));
      log.info({ messagesSent: counters.messagesSent }, 'simulated fleet stopped');
    },
  };
}

function fleetStats(clients: VehicleClient[], started: number, counters: FleetCounters, clock: SimClock): FleetStats {
  const s = { vehicles: clients.length, started, connected: 0, driving: 0, asleep: 0, outOfCoverage: 0, buffered: 0 };
  for (let i = 0; i < started; i++) {
    const c = clients[i]!;
    if (c.connected) s.connected++;
    if (c.model.driving) s.driving++;
    if (c.model.asleep) s.asleep++;
    if (!c.model.inCoverage) s.outOfCoverage++;
    s.buffered += c.model.buffered;
  }
  return { ...s, ...counters, simulatedTime: new Date(clock.now()).toISOString() };
}
