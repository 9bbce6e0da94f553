import { RPCClient } from 'ocpp-rpc';
import { testDatabase } from '@marque/db/testing';
import type { Database } from '@marque/db';
import { manualClock, silentLogger } from '@marque/kernel';
import { createChargingModule, type ChargingModule } from '@marque/charging';
import { startOcpp, type OcppRole } from './start-ocpp';

type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

export interface OcppWorld {
  database: Database;
  charging: ChargingModule;
  role: OcppRole;
  endpoint: string;
  /** A real charger over a WebSocket: strict schema checks on its side too, no reconnects. */
  charger(id: string, protocol: 'ocpp1.6' | 'ocpp2.0.1', password: string | undefined): Promise<RPCClient>;
  close(): Promise<void>;
}

export async function ocppWorld(opts: { autoRegister?: boolean } = {}): Promise<OcppWorld> {
  const database = await testDatabase();
  const charging = createChargingModule({
    db: database.db,
    clock: manualClock('2026-06-01T12:00:00Z'),
    nextRemoteStartId: () => 4242,
  });
  const role = await startOcpp({
    charging,
    log: silentLogger,
    port: 0,
    host: '127.0.0.1',
    fallback: false,
    autoRegister: opts.autoRegister,
  });
  const endpoint = `ws://127.0.0.1:${role.port}/ocpp`;
  const clients: RPCClient[] = [];
  return {
    database,
    charging,
    role,
    endpoint,
    async charger(identity, protocol, password) {
      const options = {
        endpoint,
        identity,
        protocols: [protocol],
        strictMode: true,
        reconnect: false,
        ...(password ? { password } : {}),
      };
      const c = new RPCClient(options as ClientOptions);
      clients.push(c);
      await c.connect();
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close({ force: true })));
      await role.close();
      await database.close();
    },
  };
}

/** Sends a hand-made frame and resolves with the answer to its message id. */
export function rawCall(client: RPCClient, frame: string, messageId: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    const onMessage = (m: { message: Buffer | string; outbound: boolean }) => {
      if (m.outbound) return;
      const parsed = JSON.parse(String(m.message)) as unknown[];
      if (parsed[1] !== messageId) return;
      client.off('message', onMessage);
      resolve(parsed);
    };
    client.on('message', onMessage);
    client.sendRaw(frame);
  });
}

export const refusal = (code: number) => (e: unknown) => (e as { code?: number }).code === code;
