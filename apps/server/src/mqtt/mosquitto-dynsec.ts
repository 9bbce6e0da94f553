import type { MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { vehicleClientId } from '@marque/contracts/vehicle';

/**
 * Provisions vehicles in Mosquitto's dynamic-security plugin over `$CONTROL/dynamic-security/v1`, on a running
 * broker (no file to regenerate, no reload). Each vehicle gets a client (username = VIN, password = device secret,
 * client id pinned to `veh-{VIN}`) and a role of its own: Mosquitto 2.0's dynsec ACLs do not expand `%u`, so the
 * rule "publish only under your own up/, subscribe only your own down/" is spelt out per VIN.
 */
export const DYNSEC_TOPIC = '$CONTROL/dynamic-security/v1';
export const DYNSEC_RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;
const BATCH = 100;

type Command = Record<string, unknown> & { command: string };
type Response = { command: string; error?: string; correlationData?: string };

export interface VehicleCredentials {
  vin: string;
  deviceSecret: string;
}

export const vehicleRole = (vin: string) => `marque-vehicle-${vin}`;

function vehicleAcls(vin: string) {
  return [
    { acltype: 'publishClientSend', topic: `v1/vehicles/${vin}/up/#`, allow: true },
    { acltype: 'subscribePattern', topic: `v1/vehicles/${vin}/down/#`, allow: true },
  ];
}

export interface Dynsec {
  /** Creates or updates each vehicle (new secret, pinned client id, own role); idempotent. Returns how many. */
  provision(vehicles: VehicleCredentials[]): Promise<number>;
  /** Deletes the vehicles' clients and roles (decommissioned cars, test clean-up). */
  remove(vins: string[]): Promise<void>;
}

/** Over a connected client of an account allowed to publish to $CONTROL/dynamic-security/v1 and read its response. */
export async function dynsecOver(client: MqttClient, opts: { timeoutMs?: number } = {}): Promise<Dynsec> {
  const pending = new Map<string, (r: Response[]) => void>();
  client.on('message', (topic, payload) => {
    if (topic !== DYNSEC_RESPONSE_TOPIC) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return;
    }
    const responses = (parsed as { responses?: unknown }).responses;
    if (!Array.isArray(responses)) return;
    const id = (responses[0] as Response | undefined)?.correlationData;
    if (id && pending.has(id)) pending.get(id)!(responses as Response[]);
  });
  await client.subscribeAsync(DYNSEC_RESPONSE_TOPIC, { qos: 1 });

  /** Sends commands in one message and resolves with their responses, in order. */
  async function send(commands: Command[]): Promise<Response[]> {
    if (commands.length === 0) return [];
    const id = randomUUID();
    const answered = new Promise<Response[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Mosquitto dynamic security did not answer within ${opts.timeoutMs ?? 10_000} ms`));
      }, opts.timeoutMs ?? 10_000);
      pending.set(id, (r) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(r);
      });
    });
    // Every command carries the id: the plugin echoes correlationData per command.
    const body = JSON.stringify({ commands: commands.map((c) => ({ ...c, correlationData: id })) });
    await client.publishAsync(DYNSEC_TOPIC, body, { qos: 1 });
    return answered;
  }

  const failures = (responses: Response[], tolerated: RegExp) =>
    responses.filter((r) => r.error && !tolerated.test(r.error)).map((r) => `${r.command}: ${r.error}`);

  async function provisionBatch(batch: VehicleCredentials[]): Promise<void> {
    const first = await send(
      batch.flatMap((v) => [
        { command: 'createRole', rolename: vehicleRole(v.vin), acls: vehicleAcls(v.vin) },
        {
          command: 'createClient',
          username: v.vin,
          password: v.deviceSecret,
          clientid: vehicleClientId(v.vin),
          roles: [{ rolename: vehicleRole(v.vin) }],
        },
      ]),
    );
    const bad = failures(first, /already exists/i);
    if (bad.length) throw new Error(`Mosquitto refused: ${bad.slice(0, 3).join('; ')}`);
    // A vehicle seen before: its secret may have changed; the client id and role are set again.
    const known = batch.filter((_, i) => /already exists/i.test(first[i * 2 + 1]?.error ?? ''));
    const second = await send(
      known.flatMap((v) => [
        { command: 'setClientPassword', username: v.vin, password: v.deviceSecret },
        { command: 'setClientId', username: v.vin, clientid: vehicleClientId(v.vin) },
        { command: 'addClientRole', username: v.vin, rolename: vehicleRole(v.vin) },
      ]),
    );
    const bad2 = failures(second, /already|has role/i);
    if (bad2.length) throw new Error(`Mosquitto refused: ${bad2.slice(0, 3).join('; ')}`);
  }

  return {
    async provision(vehicles) {
      for (let i = 0; i < vehicles.length; i += BATCH) await provisionBatch(vehicles.slice(i, i + BATCH));
      return vehicles.length;
    },
    async remove(vins) {
      for (let i = 0; i < vins.length; i += BATCH) {
        const r = await send(
          vins.slice(i, i + BATCH).flatMap((vin) => [
            { command: 'deleteClient', username: vin },
            { command: 'deleteRole', rolename: vehicleRole(vin) },
          ]),
        );
        const bad = failures(r, /not found/i);
        if (bad.length) throw new Error(`Mosquitto refused: ${bad.slice(0, 3).join('; ')}`);
      }
    },
  };
}
