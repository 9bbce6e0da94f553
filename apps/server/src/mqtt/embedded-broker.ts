import { Aedes, type Client, type PublishPacket } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';
import { PacketSizeGuard } from './packet-size-guard';
import { createRateLimiter } from './rate-limit';

/** Telemetry batches are far below this; a larger packet is an attack or a broken client. */
export const MAX_PACKET_BYTES = 512 * 1024;
import type { Logger } from '@marque/kernel';
import { listenWithFallback, netServerListen } from '../net';
import { VEHICLE_CLIENT_PREFIX, vehicleMayPublish, vehicleMaySubscribe } from './vehicle-acl';

export interface BrokerAuth {
  /** True when `secret` is the device secret of `vin`. */
  verifyVehicle(vin: string, secret: string): Promise<boolean>;
}

export interface EmbeddedBroker {
  aedes: Aedes;
  port: number;
  connectedClients(): number;
  close(): Promise<void>;
}

const vinOf = (client: Client | null): string | undefined => (client as (Client & { vin?: string }) | null)?.vin;

/** The in-process MQTT broker used when no MQTT_URL is configured; enforces the vehicle contract's ACL. */
export async function startEmbeddedBroker(opts: {
  port: number;
  host: string;
  fallback: boolean;
  auth: BrokerAuth;
  log: Logger;
  onRefused?: (reason: string) => void;
  /** Messages per vehicle: a sustained rate and a burst (store-and-forward); beyond it the connection is closed. */
  publishRate?: { perSecond: number; burst: number };
  /** Largest MQTT packet accepted; a larger one closes the connection before its body is read. */
  maxPacketBytes?: number;
  /** Stores a vehicle's `up/` message; the PUBACK waits for it (see docs/protocol/vehicle-mqtt.md, "Acknowledgement"). */
  onVehiclePublish?: (vin: string, topic: string, payload: Buffer) => Promise<unknown>;
}): Promise<EmbeddedBroker> {
  const aedes = await Aedes.createBroker({ heartbeatInterval: 60_000, connectTimeout: 10_000 });
  const refuse = (reason: string) => opts.onRefused?.(reason);

  aedes.authenticate = (client, username, password, done) => {
    const fail = (reason: string) => {
      refuse(reason);
      const err = Object.assign(new Error('Bad username or password'), { returnCode: 4 as const });
      done(err, false);
    };
    const vin = username ?? '';
    if (client.id !== `${VEHICLE_CLIENT_PREFIX}${vin}` || !/^[A-HJ-NPR-Z0-9]{17}$/.test(vin) || !password) {
      return fail('identity');
    }
    opts.auth.verifyVehicle(vin, password.toString('utf8')).then(
      (ok) => {
        if (!ok) return fail('credentials');
        (client as Client & { vin?: string }).vin = vin;
        done(null, true);
      },
      (e: unknown) => {
        opts.log.error({ err: e }, 'mqtt authentication failed');
        fail('error');
      },
    );
  };
  /*
   * A batch's commit resolves the PUBACKs of thousands of messages in one turn of the event loop; a car has several
   * of them in flight. Corking its socket until the turn ends sends its PUBACKs of that batch in one write (one system
   * call) instead of one each. Only this path corks; a command written to that car in the same turn leaves with the
   * PUBACKs, when the turn ends (well under a millisecond later).
   */
  const corked = new Set<Socket>();
  const uncorkAll = () => {
    for (const socket of corked) socket.uncork();
    corked.clear();
  };
  const corkForThisTurn = (socket: Socket) => {
    if (corked.has(socket) || typeof socket.cork !== 'function') return;
    if (corked.size === 0) setImmediate(uncorkAll);
    socket.cork();
    corked.add(socket);
  };
  /*
   * A car's up/ message is stored by authorizePublish before its PUBACK; nobody can subscribe to it (the ACL lets a
   * car subscribe only to its own down/ topics and only cars connect), so aedes' fan-out (topic matching, offline
   * queues) would find no one: skip it. Everything else (commands to cars) is published as usual.
   */
  // aedes calls publish(packet, client, done) internally; its typings only declare the public (packet, done).
  type Done = (e?: Error) => void;
  type InternalPublish = (packet: PublishPacket, client: Client | null | Done, done?: Done) => void;
  const publish = (aedes.publish as unknown as InternalPublish).bind(aedes);
  (aedes as unknown as { publish: InternalPublish }).publish = (packet, client, done) => {
    const vin = typeof client === 'function' ? undefined : vinOf(client);
    if (vin && vehicleMayPublish(vin, packet.topic)) return done?.();
    publish(packet, client, done);
  };
  const limiter = createRateLimiter(opts.publishRate ?? { perSecond: 20, burst: 1000 });
  aedes.authorizePublish = (client, packet, cb) => {
    // In-process publications (client === null) are the platform's own.
    if (!client) return cb(null);
    const vin = vinOf(client);
    if (!vin || !vehicleMayPublish(vin, packet.topic)) {
      refuse('publish-acl');
      return cb(new Error('not authorised'));
    }
    if (!limiter.take(vin)) {
      // Refusing closes the connection: the car backs off and resends its unacknowledged messages later.
      refuse('rate-limited');
      return cb(new Error('rate limited'));
    }
    if (!opts.onVehiclePublish) return cb(null);
    // aedes sends the PUBACK only after cb: the data is in the database first. A malformed message resolves too
    // (dropped and counted); a database failure refuses, which closes the connection so the car resends.
    opts.onVehiclePublish(vin, packet.topic, packet.payload as Buffer).then(
      () => {
        corkForThisTurn(client.conn as Socket);
        cb(null);
      },
      (e: unknown) => {
        opts.log.error({ err: e, vin }, 'could not store a vehicle message');
        cb(e instanceof Error ? e : new Error('storage failed'));
      },
    );
  };
  aedes.authorizeSubscribe = (client, sub, cb) => {
    const vin = vinOf(client);
    if (!vin || !vehicleMaySubscribe(vin, sub.topic)) {
      refuse('subscribe-acl');
      return cb(new Error('not authorised'));
    }
    cb(null, sub);
  };

  const server: Server = createServer({ noDelay: true }, (socket: Socket) => {
    // Without no-delay a QoS 1 round trip waits on Nagle's algorithm (~40-90 ms instead of well under 1 ms).
    socket.setNoDelay(true);
    aedes.handle(socket);
    // aedes reads with read(): a 'data' listener sees each chunk as it is read, before aedes parses it.
    const guard = new PacketSizeGuard(opts.maxPacketBytes ?? MAX_PACKET_BYTES, () => refuse('oversized'));
    socket.on('data', (chunk: Buffer) => {
      if (guard.check(chunk)) socket.destroy();
    });
  });
  const port = await listenWithFallback(netServerListen(server, opts.host), opts.port, {
    fallback: opts.fallback,
    name: 'MQTT broker',
    log: (m) => opts.log.warn(m),
  });
  const bound = (server.address() as { port: number }).port;

  return {
    aedes,
    port: bound || port,
    connectedClients: () => aedes.connectedClients,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => undefined);
        aedes.close(() => resolve());
      }),
  };
}
