import type { Clock, Logger } from '@marque/kernel';
import type { NotificationsRepository } from './notifications.repository';
import type { Notice } from './notifications.service';
import { RULE_EVENT_TYPES, eventCandidates, leftUnlocked, stateCandidates, type Candidate, type Reading, type VehicleEvent } from './vehicle-rules';

/** Read side of the stored vehicle data, filled in by the server's wiring from the telemetry module. */
export interface VehicleDataSource {
  /** Events of the given types received in (since, until], after `after` in (receivedAt, id) order, oldest first. */
  eventsReceived(
    since: Date,
    until: Date,
    after: { receivedAt: Date; id: string } | null,
    types: readonly string[],
    limit: number,
  ): Promise<Array<VehicleEvent & { receivedAt: Date }>>;
  /** Cars that sent telemetry received in (since, until]. */
  vinsReceived(since: Date, until: Date, limit: number): Promise<string[]>;
  /** A car's latest reading of each signal taken at or after `since`. */
  state(vin: string, since: Date): Promise<Reading[]>;
  /** The same for many cars at once, by VIN (cars without such readings may be absent). */
  states(vins: string[], since: Date): Promise<Map<string, Reading[]>>;
  /** Events of one car with `ts` in [from, to]. */
  events(vin: string, from: Date, to: Date, types: string[]): Promise<VehicleEvent[]>;
}

export interface DoorsCheck {
  vin: string;
  eventId: string;
  offAt: string;
}

const CURSOR = 'vehicle-data';
/** Re-read this much before the cursor: a batch another process stamped earlier may commit after our read. */
const OVERLAP_MS = 2 * 60_000;
/** On the first run, start this far back rather than at the beginning of time. */
const FIRST_LOOKBACK_MS = 10 * 60_000;
/** Store-and-forward data older than this (by the car's clock) is no longer news. */
const STALE_MS = 24 * 3600_000;
const PAGE = 500;
/** Cars whose holders and state one pass reads with one statement each. */
const CARS_PER_READ = 500;
const MAX_PAGES = 20;
export const DOORS_AFTER_MS = 10 * 60_000;

export function createVehicleNotices(deps: {
  repo: NotificationsRepository;
  clock: Clock;
  log: Logger;
  source: VehicleDataSource;
  /** The account holding the car's connected services at `at` (vehicles module). */
  holderAt(vin: string, at: Date): Promise<{ accountId: string } | null>;
  /** The same for many cars at once (cars nobody held at `at` are absent). */
  holdersAt(vins: string[], at: Date): Promise<Map<string, { accountId: string }>>;
  notify(accountId: string, n: Notice): Promise<string>;
  /** Queues a doors check to run at `runAt` (the jobs queue); the key makes a repeat a no-op. */
  queueDoorsCheck(check: DoorsCheck, runAt: Date, key: string): Promise<void>;
}) {
  async function deliver(c: Candidate): Promise<string> {
    const holder = await deps.holderAt(c.vin, c.at);
    if (!holder) return 'no holder';
    return deps.notify(holder.accountId, { kind: c.kind, vin: c.vin, key: c.key, params: c.params });
  }

  return {
    /** One pass over vehicle data received since the durable cursor; idempotent (keys), so re-reading is safe. */
    async scan(): Promise<{ events: number; vehicles: number; outcomes: Record<string, number> }> {
      const now = deps.clock.now();
      const cursor = (await deps.repo.cursor(CURSOR)) ?? new Date(now.getTime() - FIRST_LOOKBACK_MS);
      const since = new Date(cursor.getTime() - OVERLAP_MS);
      const outcomes: Record<string, number> = {};
      const count = (o: string) => (outcomes[o] = (outcomes[o] ?? 0) + 1);
      const fresh = (at: Date) => now.getTime() - at.getTime() <= STALE_MS;
      let after: { receivedAt: Date; id: string } | null = null;
      let until = now;
      let seen = 0;
      for (let page = 0; page < MAX_PAGES; page++) {
        const rows = await deps.source.eventsReceived(since, now, after, RULE_EVENT_TYPES, PAGE);
        seen += rows.length;
        for (const c of eventCandidates(rows.filter((e) => fresh(e.ts)))) count(await deliver(c));
        for (const e of rows.filter((x) => x.type === 'ignition.off' && fresh(x.ts))) {
          const runAt = new Date(Math.max(now.getTime(), e.ts.getTime() + DOORS_AFTER_MS));
          await deps.queueDoorsCheck({ vin: e.vin, eventId: e.id, offAt: e.ts.toISOString() }, runAt, `doors:${e.id}`);
        }
        const last = rows[rows.length - 1];
        if (rows.length < PAGE || !last) break;
        after = { receivedAt: last.receivedAt, id: last.id };
        // A backlog: the next pass carries on from here.
        if (page === MAX_PAGES - 1) until = last.receivedAt;
      }
      const vins = await deps.source.vinsReceived(since, until, 10_000);
      // Holders and state for hundreds of cars per statement, not two statements per car.
      for (let i = 0; i < vins.length; i += CARS_PER_READ) {
        const chunk = vins.slice(i, i + CARS_PER_READ);
        const held = await deps.holdersAt(chunk, now);
        const states = await deps.source.states(
          chunk.filter((vin) => held.has(vin)),
          new Date(now.getTime() - STALE_MS),
        );
        for (const vin of chunk) {
          if (!held.has(vin)) continue;
          const state = (states.get(vin) ?? []).filter((r) => fresh(r.ts));
          for (const c of stateCandidates(vin, state)) count(await deliver(c));
        }
      }
      await deps.repo.setCursor(CURSOR, until);
      return { events: seen, vehicles: vins.length, outcomes };
    },

    /** Some minutes after the ignition went off: still unlocked and not driven since? Tell the holder of that time. */
    async checkDoors(p: DoorsCheck): Promise<string> {
      const offAt = new Date(p.offAt);
      const now = deps.clock.now();
      const since = await deps.source.events(p.vin, new Date(offAt.getTime() + 1), now, ['ignition.on']);
      if (since.length) return 'driven again';
      const state = await deps.source.state(p.vin, new Date(offAt.getTime() - STALE_MS));
      if (!leftUnlocked(state)) return 'locked';
      const minutes = Math.max(1, Math.round((now.getTime() - offAt.getTime()) / 60_000));
      return deliver({ kind: 'vehicle.doors_unlocked', vin: p.vin, at: offAt, key: `doors:${p.eventId}`, params: { minutes } });
    },
  };
}

export type VehicleNotices = ReturnType<typeof createVehicleNotices>;
