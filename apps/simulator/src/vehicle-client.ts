import type { KeyObject } from 'node:crypto';
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { topics, vehicleClientId, type UpKind } from '@marque/contracts/vehicle';
import { iso, type SimClock } from './clock';
import { CommandHandler } from './vehicle/commands';
import type { VehicleModel } from './vehicle/model';
import type { Backlog } from './replay';

/** Counters the whole fleet shares; plain numbers so a thousand vehicles cost nothing to count. */
export interface FleetCounters {
  messagesSent: number;
  commandsExecuted: number;
  commandsFailed: number;
  commandsRejected: number;
  errors: number;
}

/** The minimal logger the simulator needs; the server's pino logger fits it. */
export interface SimLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface VehicleClientDeps {
  brokerUrl: string;
  publicKey: KeyObject;
  clock: SimClock;
  wallNow: () => number;
  counters: FleetCounters;
  log: SimLogger;
}

/** One car's telematics unit: its own MQTT connection, speaking only the vehicle contract. */
export class VehicleClient {
  private client: MqttClient | null = null;
  /** Out of coverage: the connection was dropped on purpose and waits for the model to come back. */
  private offline = false;
  private readonly handler: CommandHandler;

  constructor(
    readonly model: VehicleModel,
    private readonly deps: VehicleClientDeps,
    /** Replayed past still to send: a few messages per flush, before anything newer. */
    private readonly backlog?: Backlog,
  ) {
    this.handler = new CommandHandler(model, deps.publicKey, deps.wallNow);
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  connect(): void {
    const vin = this.model.spec.vin;
    const c = mqtt.connect(this.deps.brokerUrl, {
      clientId: vehicleClientId(vin),
      username: vin,
      password: this.model.spec.deviceSecret,
      // A persistent session: commands sent while the car is out of coverage wait at the broker.
      clean: false,
      keepalive: 30,
      reconnectPeriod: 3000,
      connectTimeout: 10_000,
      will: this.will(),
    });
    c.on('connect', () => {
      // Without no-delay each QoS 1 round trip waits on Nagle's algorithm.
      (c.stream as unknown as Partial<Socket>).setNoDelay?.(true);
      c.subscribe(topics.commands(vin), { qos: 1 });
      this.publish('connection', { online: true, ts: iso(this.deps.clock.now()) }, true);
      this.flush();
    });
    c.on('message', (_topic, payload) => this.onCommand(payload));
    c.on('error', (err) => {
      this.deps.counters.errors++;
      this.deps.log.warn({ vin, err: err.message }, 'vehicle mqtt error');
    });
    this.client = c;
  }

  /** Advances the car to `now`, follows its coverage, and sends whatever it has. */
  tick(now: number): void {
    this.model.advanceTo(now);
    const c = this.client;
    if (!c) return;
    if (!this.model.inCoverage && !this.offline) {
      this.offline = true;
      c.end(true); // drop without DISCONNECT, as a lost radio link does: the broker sends the last will
    } else if (this.model.inCoverage && this.offline) {
      this.offline = false;
      c.options.will = this.will();
      c.reconnect();
    }
    this.flush();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (!c) return;
    if (c.connected && !this.offline) {
      this.flush(c);
      const bye = JSON.stringify({ online: false, ts: iso(this.deps.clock.now()) });
      await c.publishAsync(this.topic('connection'), bye, { qos: 1, retain: true }).catch(() => undefined);
    }
    await c.endAsync(!c.connected);
  }

  private onCommand(payload: Buffer): void {
    this.model.syncTo(this.deps.clock.now());
    const results = this.handler.handle(payload);
    const counters = this.deps.counters;
    for (const r of results) {
      if (r.status === 'executed') counters.commandsExecuted++;
      if (r.status === 'failed') counters.commandsFailed++;
      if (r.status === 'rejected') counters.commandsRejected++;
      this.publish('command-results', r);
    }
    this.flush();
  }

  private flush(c = this.client): void {
    if (!c?.connected || this.offline) return;
    if (this.backlog?.length) {
      for (const o of this.backlog.take()) this.publish(o.kind === 'telemetry' ? 'telemetry' : 'events', o.msg, false, c);
      return;
    }
    for (const o of this.model.drain()) this.publish(o.kind === 'telemetry' ? 'telemetry' : 'events', o.msg, false, c);
  }

  private publish(kind: UpKind, msg: object, retain = false, c = this.client): void {
    c?.publish(this.topic(kind), JSON.stringify(msg), { qos: 1, retain });
    this.deps.counters.messagesSent++;
  }

  private topic(kind: UpKind): string {
    return topics.up(this.model.spec.vin, kind);
  }

  private will() {
    const payload = JSON.stringify({ online: false, ts: iso(this.deps.clock.now()) });
    return { topic: this.topic('connection'), payload: Buffer.from(payload), qos: 1 as const, retain: true };
  }
}
