import { randomUUID, type KeyObject } from 'node:crypto';
import { AppError, isAppError, unstorableText, type Clock, type Logger } from '@marque/kernel';
import {
  signCommand,
  parseJsonPayload,
  validateCommandResult,
  type CommandMessageT,
  type CommandName,
} from '@marque/contracts/vehicle';
import { requireValidVin, type VehicleAccess } from '@marque/vehicles';
import type { CommandsRepository, CommandRow } from './commands.repository';
import type { CommandStatus } from './commands.schema';
import { CAPABILITY, requestHash, requireCommandName, requireIdempotencyKey, requireParams } from './command-request';

export interface CommandView {
  id: string;
  vin: string;
  name: string;
  params: Record<string, unknown>;
  status: CommandStatus;
  reason: string | null;
  issuedAt: string;
  expiresAt: string;
  updatedAt: string;
}

export type CommandUpdated = { type: 'command.updated'; accountId: string; command: CommandView };
/** The account id on commands the platform sends itself; no owner signs in as it. */
export const PLATFORM_ACCOUNT = '00000000-0000-0000-0000-000000000000';

export type ResultDropReason = 'json' | 'schema' | 'unknown_command' | 'stale';

export interface CommandsDeps {
  repo: CommandsRepository;
  access: VehicleAccess;
  clock: Clock;
  log: Logger;
  /** The Ed25519 private key (loaded lazily: it may come from the database). */
  signingKey(): Promise<KeyObject>;
  /** Hands the signed message to the broker (QoS 1); rejects when the broker did not take it. */
  send(vin: string, message: CommandMessageT): Promise<void>;
  settings?: { ttlSeconds?: number; rateLimit?: { max: number; windowMs: number }; ackedGraceMs?: number };
  publish?: (e: CommandUpdated) => void;
  onResultDropped?: (reason: ResultDropReason) => void;
  newId?: () => string;
}

export const view = (r: CommandRow): CommandView => ({
  id: r.id,
  vin: r.vin,
  name: r.name,
  params: r.params,
  status: r.status,
  reason: r.reason,
  issuedAt: r.issuedAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const RESULT_FROM: Record<'acked' | 'executed' | 'failed' | 'rejected', readonly CommandStatus[]> = {
  acked: ['queued', 'sent'],
  // The car checked expiry with its own clock: a final result outranks our TTL guess.
  executed: ['queued', 'sent', 'acked', 'expired'],
  failed: ['queued', 'sent', 'acked', 'expired'],
  rejected: ['queued', 'sent', 'acked', 'expired'],
};

export function createCommandsService(deps: CommandsDeps) {
  const ttlMs = (deps.settings?.ttlSeconds ?? 60) * 1000;
  const limit = deps.settings?.rateLimit ?? { max: 10, windowMs: 10 * 60_000 };
  const changed = (row: CommandRow) => deps.publish?.({ type: 'command.updated', accountId: row.accountId, command: view(row) });

  /** `audited`: an accepted request's audit row is written with the command (one commit); the caller audits the rest. */
  async function create(
    accountId: string,
    vin: string,
    name: CommandName,
    params: Record<string, unknown>,
    key: string,
    audited: boolean,
  ) {
    const hash = requestHash(vin, name, params);
    const now = deps.clock.now();
    const cmd = {
      id: deps.newId?.() ?? randomUUID(),
      vin,
      accountId,
      name,
      params,
      idempotencyKey: key,
      requestHash: hash,
      status: 'queued' as const,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      reason: null,
      updatedAt: now,
    };
    const signingKey = await deps.signingKey();
    const message = (counter: number) =>
      signCommand(
        { id: cmd.id, vin, name, params, issuedAt: cmd.issuedAt.toISOString(), expiresAt: cmd.expiresAt.toISOString(), counter },
        signingKey,
      );
    const r = await deps.repo.create(cmd, limit, audited);
    if (r.kind === 'rate_limited') {
      const seconds = Math.max(1, Math.ceil((r.retryAt.getTime() - now.getTime()) / 1000));
      throw new AppError(
        'rate_limited',
        `At most ${limit.max} commands per ${limit.windowMs / 60_000} minutes protect the car's 12 V battery.`,
        {
          retryAfterSeconds: seconds,
          code: 'command.rate_limited',
        },
      );
    }
    if (r.kind === 'exists') return replay(r.row, hash);
    // Signed with the counter the statement took; the signature is stored once the broker took the message.
    return { row: await send(r.row, message(r.row.counter)), replayed: false };
  }

  function replay(row: CommandRow, hash: string) {
    if (row.requestHash !== hash) {
      throw new AppError('conflict', 'This Idempotency-Key was used for a different command.', {
        code: 'command.idempotency_conflict',
      });
    }
    return { row, replayed: true };
  }

  async function send(row: CommandRow, message: CommandMessageT): Promise<CommandRow> {
    try {
      await deps.send(row.vin, message);
    } catch (e) {
      deps.log.error({ err: e, commandId: row.id }, 'could not hand a command to the broker');
      return (await deps.repo.transition(row.id, row.vin, 'failed', ['queued'], deps.clock.now(), 'broker_unavailable')) ?? row;
    }
    // A fast car may have answered already: then the row keeps its status and gains the signature.
    const current = (await deps.repo.markSent(row.id, message.sig, deps.clock.now())) ?? row;
    changed(current);
    return current;
  }

  return {
    /** Queues, signs and sends a command; every request, accepted or refused, lands in the audit log. */
    async request(accountId: string, vinInput: string, body: { name?: unknown; params?: unknown }, key: string | undefined) {
      const audit = { accountId, vin: vinInput.slice(0, 40).toUpperCase(), name: String(body.name ?? '').slice(0, 60) };
      try {
        const vin = requireValidVin(vinInput);
        const idempotencyKey = requireIdempotencyKey(key);
        const name = requireCommandName(body.name);
        const params = requireParams(name, body.params);
        await deps.access.assertCanControl(accountId, vin, CAPABILITY[name]);
        const r = await create(accountId, vin, name, params, idempotencyKey, true);
        if (r.replayed) await deps.repo.audit({ ...audit, at: deps.clock.now(), outcome: 'replayed', commandId: r.row.id });
        return { command: view(r.row), replayed: r.replayed };
      } catch (e) {
        const outcome = isAppError(e) ? e.kind : 'error';
        await deps.repo
          .audit({ ...audit, at: deps.clock.now(), outcome, detail: (e as Error).message.slice(0, 200) })
          .catch((err: unknown) => deps.log.error({ err }, 'could not write the command audit log'));
        throw e;
      }
    },

    /** A command the platform itself sends (no owner: e.g. a fresh odometer reading for an activation check). */
    async requestForPlatform(vin: string, name: CommandName, key: string): Promise<CommandView> {
      const r = await create(PLATFORM_ACCOUNT, requireValidVin(vin), name, requireParams(name, {}), key, false);
      return view(r.row);
    },

    async get(accountId: string, vinInput: string, id: string): Promise<CommandView> {
      const vin = requireValidVin(vinInput);
      const row = /^[0-9a-f-]{36}$/i.test(id) ? await deps.repo.findById(id.toLowerCase()) : null;
      if (!row || row.vin !== vin || row.accountId !== accountId) {
        throw new AppError('not_found', 'No such command for this car.', { code: 'command.unknown' });
      }
      return view(row);
    },

    /** A `up/command-results` message: moves the lifecycle; unknown, foreign or stale results are dropped and counted. */
    async recordResult(vin: string, payload: Buffer | string): Promise<'applied' | 'dropped'> {
      const drop = (reason: ResultDropReason) => {
        deps.onResultDropped?.(reason);
        return 'dropped' as const;
      };
      const json = parseJsonPayload(payload);
      if (!json.ok) return drop('json');
      const v = validateCommandResult(json.value);
      if (!v.ok || unstorableText(v.value.reason)) return drop('schema');
      const id = v.value.commandId.toLowerCase();
      const row = await deps.repo.transition(
        id,
        vin,
        v.value.status,
        RESULT_FROM[v.value.status],
        deps.clock.now(),
        v.value.reason ?? null,
      );
      if (row) {
        changed(row);
        return 'applied';
      }
      const known = await deps.repo.findById(id);
      return drop(known && known.vin === vin ? 'stale' : 'unknown_command');
    },

    /** Named, idempotent job: marks commands past their TTL as expired. */
    expiry: {
      name: 'commands.expire',
      run: async () => {
        const rows = await deps.repo.expireDue(deps.clock.now(), deps.settings?.ackedGraceMs ?? 120_000);
        rows.forEach(changed);
        return { status: 'done' as const, expired: rows.length };
      },
    },
  };
}

export type CommandsService = ReturnType<typeof createCommandsService>;
