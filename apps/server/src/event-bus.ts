import { EventEmitter } from 'node:events';
import type { VehicleStateChanged } from '@marque/telemetry';
import type { CommandUpdated } from '@marque/commands';
import type { NotificationCreated } from '@marque/notifications';

export type PlatformEvent = VehicleStateChanged | CommandUpdated | NotificationCreated;

/**
 * Events for live pushes (server-sent events). In one process they go straight to the subscribers; across
 * processes (PostgreSQL) `route` sends them out through NOTIFY and they come back to each api process's
 * subscribers by `deliver` (event-fanout.ts).
 */
export function createEventBus() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let outbound: ((e: PlatformEvent) => void) | undefined;
  const deliver = (e: PlatformEvent) => void emitter.emit('event', e);
  return {
    publish(e: PlatformEvent): void {
      (outbound ?? deliver)(e);
    },
    subscribe(fn: (e: PlatformEvent) => void): () => void {
      emitter.on('event', fn);
      return () => emitter.off('event', fn);
    },
    /** Hands this process's subscribers an event that arrived from another process. */
    deliver,
    /** Sends published events elsewhere instead of to this process's subscribers; undefined restores local. */
    route(send: ((e: PlatformEvent) => void) | undefined): void {
      outbound = send;
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
