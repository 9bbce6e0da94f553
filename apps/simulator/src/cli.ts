import { readFileSync } from 'node:fs';
import { startFleet, type FleetStats } from './fleet';
import { readRegistry } from './registry';

export interface SimulateOptions {
  vehicles?: string;
  broker: string;
  api: string;
  commandKeyFile?: string;
  registry: string;
  speedup: string;
  seed?: string;
}

const positive = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, got "${v}"`);
  return n;
};

export function statusLine(s: FleetStats): string {
  return (
    `${s.simulatedTime.slice(0, 19).replace('T', ' ')}  connected ${s.connected}/${s.vehicles}  driving ${s.driving}  ` +
    `asleep ${s.asleep}  no coverage ${s.outOfCoverage}  sent ${s.messagesSent}  ` +
    `commands ${s.commandsExecuted} executed / ${s.commandsFailed} failed / ${s.commandsRejected} rejected`
  );
}

/** `marque simulate`: runs the fleet until Ctrl-C, with a one-line live status; returns the exit code. */
export async function runSimulateCommand(o: SimulateOptions): Promise<number> {
  let fleet;
  try {
    const all = readRegistry(o.registry);
    const n = positive(o.vehicles, '--vehicles');
    const vehicles = n ? all.slice(0, Math.floor(n)) : all;
    if (n && n > all.length) console.error(`marque simulate: ${o.registry} has only ${all.length} vehicles with a head unit`);
    if (vehicles.length === 0) throw new Error(`${o.registry} has no vehicles with a head unit`);
    const pem = o.commandKeyFile ? readFileSync(o.commandKeyFile, 'utf8') : undefined;
    fleet = await startFleet({
      brokerUrl: o.broker,
      apiUrl: pem ? undefined : o.api,
      commandPublicKeyPem: pem,
      vehicles,
      speedup: positive(o.speedup, '--speedup') ?? 1,
      seed: o.seed === undefined ? undefined : Number(o.seed) || 0,
      log: { info() {}, warn() {}, error: (obj, msg) => console.error(msg ?? '', obj) },
    });
    console.log(`marque simulate: ${vehicles.length} vehicles -> ${o.broker} (Ctrl-C stops)`);
  } catch (e) {
    console.error(`marque simulate: ${(e as Error).message}`);
    return 1;
  }
  const running = fleet;
  const tty = process.stdout.isTTY;
  const timer = setInterval(() => {
    const line = statusLine(running.stats());
    if (tty) process.stdout.write(`\r${line}\x1b[K`);
    else console.log(line);
  }, 3000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(timer);
  if (tty) process.stdout.write('\n');
  await running.stop();
  console.log(`marque simulate: stopped; ${statusLine(running.stats())}`);
  return 0;
}
