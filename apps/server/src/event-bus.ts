import { EventEmitter } from 'node:events';
import type { VehicleStateChanged } from '@marque/telemetry';
import type { CommandUpdated } from '@marque/commands';

export type PlatformEvent = VehicleStateChanged | CommandUpdated;

/**
 * In-process events for live pushes (server-sent events). It reaches only the api role in the same process as
 * ingest; a multi-process deployment needs a fan-out (PostgreSQL LISTEN/NOTIFY or a broker topic) behind this API.
 */
export function createEventBus() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(e: PlatformEvent): void {
      emitter.emit('event', e);
    },
    subscribe(fn: (e: PlatformEvent) => void): () => void {
      emitter.on('event', fn);
      return () => emitter.off('event', fn);
    },
  };
}

export type EventBus = ReturnType<typeof createEventBus>;
