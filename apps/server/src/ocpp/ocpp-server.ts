import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { RPCServer } from 'ocpp-rpc';
import type { ChargerLink, ChargingModule, OcppVersion, RemoteCommand, RemoteOutcome } from '@marque/charging';
import { isAppError, type Logger } from '@marque/kernel';
import { PROTOCOLS, type OcppClient } from './ocpp-client';
import { upgradeAuth } from './upgrade-auth';
import { fromCallFailure } from './call-error';
import { registerV16 } from './v16/handlers';
import { registerV201 } from './v201/handlers';
import { remoteV16 } from './v16/remote';
import { remoteV201 } from './v201/remote';

export interface OcppServerOptions {
  charging: ChargingModule;
  log: Logger;
  autoRegister?: boolean;
  /** How long a closing charger may take to answer the close frame before its socket is cut. */
  closeGraceMs?: number;
}

export interface OcppServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  connected(): string[];
  close(): Promise<void>;
}

const versionOf = (c: OcppClient): OcppVersion => (c.protocol === 'ocpp1.6' ? '1.6' : '2.0.1');

/** The CSMS end of the charger WebSockets; it holds the sockets, so remote commands for them go through it. */
export function createOcppServer(opts: OcppServerOptions): OcppServer {
  const { charging, log } = opts;
  const rpc = new RPCServer({
    protocols: [...PROTOCOLS],
    // Every call both ways is checked against the OCPP JSON schemas of the negotiated version.
    strictMode: true,
    // OCPP-J: one CALL in flight per direction; a second would break chargers that process calls in order.
    callConcurrency: 1,
    // A charger sending frames that are not OCPP-J at all is cut off after ten in a row.
    maxBadMessages: 10,
    respondWithDetailedErrors: false,
  });
  const clients = new Map<string, OcppClient>();
  rpc.auth(upgradeAuth({ charging, log, autoRegister: opts.autoRegister ?? false }));
  rpc.on('error', (err: unknown) => log.error({ err }, 'ocpp: server error'));
  rpc.on('client', (client: OcppClient) => onClient(client));

  function onClient(client: OcppClient) {
    const id = client.identity!;
    const version = versionOf(client);
    const clog = log.child({ chargePointId: id, ocpp: version });
    const previous = clients.get(id);
    clients.set(id, client);
    // A charger that reconnects before its old socket timed out: the new socket wins.
    if (previous) void previous.close({ code: 1000, reason: 'Replaced by a new connection' });
    const ctx = { chargePointId: id, charging, log: clog };
    if (version === '1.6') registerV16(client, ctx);
    else registerV201(client, ctx);
    client.on('strictValidationFailure', (f: { method: string; outbound: boolean; error: Error }) =>
      clog.warn({ action: f.method, outbound: f.outbound, err: f.error.message }, 'ocpp: schema violation'),
    );
    client.once('close', (e: { code?: number; reason?: string }) => {
      if (clients.get(id) === client) clients.delete(id);
      clog.info({ code: e?.code, reason: e?.reason }, 'ocpp: charger disconnected');
    });
    clog.info('ocpp: charger connected');
    void charging.service
      .connected(id, version)
      .catch((err: unknown) => clog.error({ err }, 'ocpp: could not record the connection'));
  }

  const link: ChargerLink = {
    versionOf: (id) => {
      const c = clients.get(id);
      return c ? versionOf(c) : undefined;
    },
    async send(id: string, command: RemoteCommand): Promise<RemoteOutcome> {
      const c = clients.get(id);
      if (!c) return Promise.reject(fromCallFailure(new Error('not connected'), id, command.kind));
      try {
        return versionOf(c) === '1.6' ? await remoteV16(c, command) : await remoteV201(c, command);
      } catch (e) {
        if (isAppError(e)) throw e;
        throw fromCallFailure(e, id, `remote ${command.kind}`);
      }
    },
  };
  const detach = charging.remote.attach(link);

  async function closeClient(c: OcppClient, graceMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        c.handshake.request.socket.destroy();
        resolve();
      }, graceMs);
    });
    await Promise.race([c.close({ code: 1001, reason: 'Server shutting down' }), cut]);
    clearTimeout(timer);
  }

  return {
    handleUpgrade: (req, socket, head) => void rpc.handleUpgrade(req, socket as never, head),
    connected: () => [...clients.keys()],
    async close() {
      detach();
      // ocpp-rpc's own close does not wait for its clients; in-flight handlers finish before each socket closes.
      await Promise.all([...clients.values()].map((c) => closeClient(c, opts.closeGraceMs ?? 5000)));
      await rpc.close({ code: 1001, reason: 'Server shutting down' });
    },
  };
}
