import { createServer, type Server, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChargingModule } from '@marque/charging';
import type { Logger } from '@marque/kernel';
import { listenWithFallback, netServerListen } from '../net';
import { createOcppServer, type OcppServer } from './ocpp-server';

export interface OcppRole {
  port: number;
  server: OcppServer;
  close(): Promise<void>;
}

export interface StartOcppOptions {
  charging: ChargingModule;
  log: Logger;
  /** The api role's HTTP server, shared when this process runs both; otherwise the role listens on its own. */
  httpServer?: Server | undefined;
  port: number;
  host: string;
  fallback: boolean;
  autoRegister?: boolean;
}

const isOcppPath = (url: string | undefined) => (url ?? '').startsWith('/ocpp/');

/** Starts the ocpp role on `/ocpp/{chargePointId}` of a shared or an own HTTP server. */
export async function startOcpp(opts: StartOcppOptions): Promise<OcppRole> {
  const server = createOcppServer({ charging: opts.charging, log: opts.log, autoRegister: opts.autoRegister });
  const own = opts.httpServer
    ? undefined
    : createServer((_req, res) => {
        res.statusCode = 404;
        res.end();
      });
  const http = opts.httpServer ?? own!;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isOcppPath(req.url)) return server.handleUpgrade(req, socket, head);
    // Other upgrade listeners may own other paths; alone, refuse so the socket does not hang.
    if (http.listenerCount('upgrade') === 1) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  };
  http.on('upgrade', onUpgrade);
  let port: number;
  try {
    if (own) {
      own.keepAliveTimeout = 5000;
      await listenWithFallback(netServerListen(own, opts.host), opts.port, {
        fallback: opts.fallback,
        name: 'OCPP',
        log: (m) => opts.log.warn(m),
      });
    }
    port = (http.address() as { port: number } | null)?.port ?? opts.port;
  } catch (e) {
    http.off('upgrade', onUpgrade);
    await server.close();
    throw e;
  }
  return {
    port,
    server,
    async close() {
      http.off('upgrade', onUpgrade);
      await server.close();
      if (own) await new Promise<void>((resolve) => own.close(() => resolve()));
    },
  };
}
