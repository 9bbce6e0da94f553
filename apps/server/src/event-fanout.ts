import type { Database } from '@marque/db';
import type { Logger } from '@marque/kernel';
import type { CommandsModule } from '@marque/commands';
import { toView, type NotificationsModule } from '@marque/notifications';
import type { EventBus, PlatformEvent } from './event-bus';
import { createNotifyRepository } from './event-notify.repository';

export const EVENTS_CHANNEL = 'marque_events';
const MAX_PAYLOAD = 7900; // NOTIFY payloads stop at 8000 bytes.
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one engine-specific choice: PostgreSQL may have several processes, PGlite is one process by design. */
export function eventsCrossProcesses(database: Pick<Database, 'kind'>): boolean {
  return database.kind === 'postgres';
}

/** On the wire only ids travel; the receiver re-reads (a command's current state) what it passes on. */
type Wire = { t: 's'; vin: string; s: string[] } | { t: 'c'; id: string } | { t: 'n'; id: string };

function encode(e: PlatformEvent): string {
  if (e.type === 'command.updated') return JSON.stringify({ t: 'c', id: e.command.id } satisfies Wire);
  if (e.type === 'notification.created') return JSON.stringify({ t: 'n', id: e.notification.id } satisfies Wire);
  const signals = [...e.signals];
  let text = JSON.stringify({ t: 's', vin: e.vin, s: signals } satisfies Wire);
  while (text.length > MAX_PAYLOAD && signals.length > 0) {
    signals.length = Math.floor(signals.length / 2);
    text = JSON.stringify({ t: 's', vin: e.vin, s: signals } satisfies Wire);
  }
  return text;
}

function decode(payload: string): Wire | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  const w = v as Partial<{ t: string; vin: unknown; s: unknown; id: unknown }>;
  if (w?.t === 'c' && typeof w.id === 'string' && UUID.test(w.id)) return { t: 'c', id: w.id };
  if (w?.t === 'n' && typeof w.id === 'string' && UUID.test(w.id)) return { t: 'n', id: w.id };
  if (w?.t === 's' && typeof w.vin === 'string' && VIN.test(w.vin) && Array.isArray(w.s) && w.s.length <= 1000) {
    if (w.s.every((x) => typeof x === 'string' && x.length <= 200)) return { t: 's', vin: w.vin, s: w.s as string[] };
  }
  return null;
}

/**
 * Sends the bus's events through NOTIFY on `EVENTS_CHANNEL` and, when `listen` (the api role), delivers what any
 * process notified to this process's subscribers. Returns its closer. A malformed notification is logged, never thrown.
 */
export async function startEventFanout(opts: {
  database: Database;
  bus: EventBus;
  commands: Pick<CommandsModule, 'current'>;
  /** Re-reads a new notice for the inbox's live push (absent: notices are not passed on). */
  notifications?: Pick<NotificationsModule, 'byId'>;
  listen: boolean;
  log: Logger;
}): Promise<() => Promise<void>> {
  const repo = createNotifyRepository(opts.database.db);
  const receive = async (payload: string) => {
    const w = decode(payload);
    if (!w) return opts.log.warn({ size: payload.length }, 'ignored a malformed event notification');
    if (w.t === 's') return opts.bus.deliver({ type: 'vehicle.state', vin: w.vin, signals: w.s });
    if (w.t === 'n') {
      const n = await opts.notifications?.byId(w.id);
      if (n?.inApp) opts.bus.deliver({ type: 'notification.created', accountId: n.accountId, notification: toView(n) });
      return;
    }
    const e = await opts.commands.current(w.id);
    if (e) opts.bus.deliver(e);
  };
  const unlisten = opts.listen
    ? await opts.database.listen(
        EVENTS_CHANNEL,
        (p) => void receive(p).catch((e: unknown) => opts.log.error({ err: e }, 'could not pass on an event notification')),
      )
    : undefined;
  // Live pushes are best effort: a NOTIFY that fails is logged, the write it reports has committed already.
  opts.bus.route(
    (e) =>
      void repo.notify(EVENTS_CHANNEL, encode(e)).catch((err: unknown) => opts.log.warn({ err }, 'could not NOTIFY an event')),
  );
  return async () => {
    opts.bus.route(undefined);
    await unlisten?.();
  };
}
