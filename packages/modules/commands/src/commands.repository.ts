import { and, asc, eq, inArray, lte, or } from 'drizzle-orm';
import { preparedQuery, type Db } from '@marque/db';
import { commandAudit, platformKeys, vehicleCommandCounters, vehicleCommands, type CommandStatus } from './commands.schema';

export type CommandRow = typeof vehicleCommands.$inferSelect;
export type NewCommand = Omit<CommandRow, 'counter' | 'sig'>;
export type AuditEntry = typeof commandAudit.$inferInsert;

export type CreateResult =
  { kind: 'created'; row: CommandRow } | { kind: 'exists'; row: CommandRow } | { kind: 'rate_limited'; retryAt: Date };

/**
 * Takes the car's next counter and checks the rate limit in one update of its counter row, unless the idempotency key
 * was used; inserts the command with that counter and, when $15, the audit row of the accepted request. Prepared:
 * every command runs it.
 */
const CREATE_COMMAND = `
  with existing as (
    select 1 from vehicle_commands where account_id = $1::uuid and idempotency_key = $2
  ), bumped as (
    insert into vehicle_command_counters as c (vin, counter, recent_issued_at)
    select $3, 1, array[$4::timestamptz] where not exists (select 1 from existing)
    on conflict (vin) do update set
      counter = c.counter + 1,
      recent_issued_at = array(select t from unnest(c.recent_issued_at) as t where t > $5::timestamptz order by t)
        || $4::timestamptz
    where (select count(*) from unnest(c.recent_issued_at) as t where t > $5::timestamptz) < $6::int
    returning c.counter
  ), inserted as (
    insert into vehicle_commands (id, vin, account_id, name, params, idempotency_key, request_hash, status, counter,
      issued_at, expires_at, reason, updated_at)
    select $7::uuid, $3, $1::uuid, $8, $9::jsonb, $2, $10, $11, b.counter, $4::timestamptz, $12::timestamptz, $13,
      $14::timestamptz
    from bumped b
    on conflict (account_id, idempotency_key) do nothing
    returning 1
  ), audit as (
    insert into command_audit (at, account_id, vin, name, outcome, command_id)
    select $4::timestamptz, $1::uuid, $3, $8, 'accepted', $7::uuid
    where $15::boolean and exists (select 1 from inserted)
  )
  select (select counter from bumped) as counter, exists (select 1 from existing) as existing,
    exists (select 1 from inserted) as inserted`;

const COMMAND_COLUMNS = `id, vin, account_id, name, params, idempotency_key, request_hash, status, counter, issued_at,
  expires_at, sig, reason, updated_at`;

/** A vehicle_commands row as the driver returns it from hand-written SQL. */
interface StoredCommand {
  id: string;
  vin: string;
  account_id: string;
  name: string;
  params: Record<string, unknown>;
  idempotency_key: string;
  request_hash: string;
  status: CommandStatus;
  counter: string | number;
  issued_at: Date | string;
  expires_at: Date | string;
  sig: string | null;
  reason: string | null;
  updated_at: Date | string;
}

const commandRow = (r: StoredCommand): CommandRow => ({
  id: r.id,
  vin: r.vin,
  accountId: r.account_id,
  name: r.name,
  params: r.params,
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  status: r.status,
  counter: Number(r.counter),
  issuedAt: new Date(r.issued_at),
  expiresAt: new Date(r.expires_at),
  sig: r.sig,
  reason: r.reason,
  updatedAt: new Date(r.updated_at),
});

/** Moves command $1 of car $2 to $3 if its status is one of $4 (a reason $6 replaces the old one only when given). */
const TRANSITION = `
  update vehicle_commands set status = $3, updated_at = $5::timestamptz, reason = coalesce($6, reason)
  where id = $1::uuid and vin = $2 and status = any($4::text[])
  returning ${COMMAND_COLUMNS}`;

/**
 * The broker took command $1: stores the signature $2 as sent and moves it to `sent` unless the car answered already
 * (then only the signature is added).
 */
const MARK_SENT = `
  update vehicle_commands set sig = $2,
    status = case when status = 'queued' then 'sent' else status end,
    updated_at = case when status = 'queued' then $3::timestamptz else updated_at end
  where id = $1::uuid
  returning ${COMMAND_COLUMNS}`;

export function createCommandsRepository(db: Db) {
  async function findByKey(accountId: string, key: string): Promise<CommandRow | null> {
    const rows = await db
      .select()
      .from(vehicleCommands)
      .where(and(eq(vehicleCommands.accountId, accountId), eq(vehicleCommands.idempotencyKey, key)));
    return rows[0] ?? null;
  }

  async function existing(cmd: Pick<NewCommand, 'accountId' | 'idempotencyKey'>): Promise<CreateResult> {
    const row = await findByKey(cmd.accountId, cmd.idempotencyKey);
    if (!row) throw new Error('an idempotency key reported as used has no command');
    return { kind: 'exists', row };
  }

  return {
    findByKey,

    async findById(id: string): Promise<CommandRow | null> {
      const rows = await db.select().from(vehicleCommands).where(eq(vehicleCommands.id, id));
      return rows[0] ?? null;
    },

    /**
     * One statement, so one commit before the command goes out. It takes the car's next counter and checks the rate
     * limit in one update of the car's counter row (its row lock serialises commands per car; the row keeps the issue
     * times within the window), unless the idempotency key was used already, and inserts the command with that
     * counter, and (`audited`) the audit row of the accepted request. The signature needs the counter, so it is
     * stored by `markSent`. A counter taken for a command that is then not inserted (lost race on the key) is
     * harmless: the car only needs it to rise; it counts against the rate limit, which errs on the side of the car's
     * battery.
     */
    async create(cmd: NewCommand, limit: { max: number; windowMs: number }, audited: boolean): Promise<CreateResult> {
      const issuedAt = cmd.issuedAt.toISOString();
      const since = new Date(cmd.issuedAt.getTime() - limit.windowMs).toISOString();
      const [row] = await preparedQuery<{ counter: string | number | null; existing: boolean; inserted: boolean }>(
        db,
        'commands_create',
        CREATE_COMMAND,
        [
          cmd.accountId,
          cmd.idempotencyKey,
          cmd.vin,
          issuedAt,
          since,
          limit.max,
          cmd.id,
          cmd.name,
          JSON.stringify(cmd.params),
          cmd.requestHash,
          cmd.status,
          cmd.expiresAt.toISOString(),
          cmd.reason,
          cmd.updatedAt.toISOString(),
          audited,
        ],
      );
      const t = row!;
      if (t.existing) return existing(cmd);
      if (t.counter === null) {
        const [c] = await db
          .select({ recent: vehicleCommandCounters.recentIssuedAt })
          .from(vehicleCommandCounters)
          .where(eq(vehicleCommandCounters.vin, cmd.vin));
        const recent = (c?.recent ?? [])
          .map((d) => new Date(d).getTime())
          .filter((x) => x > Date.parse(since))
          .sort((a, b) => a - b);
        const oldest = recent[recent.length - limit.max] ?? cmd.issuedAt.getTime();
        return { kind: 'rate_limited', retryAt: new Date(oldest + limit.windowMs) };
      }
      // The same key won a race in another request: answer with that command.
      if (!t.inserted) return existing(cmd);
      return { kind: 'created', row: { ...cmd, counter: Number(t.counter), sig: null } };
    },

    /**
     * The broker took the command: stores its signature and moves it to `sent` unless the car answered already
     * (then only the signature is added). Returns the row as it is now.
     */
    async markSent(id: string, sig: string, at: Date): Promise<CommandRow | null> {
      const rows = await preparedQuery<StoredCommand>(db, 'commands_mark_sent', MARK_SENT, [id, sig, at.toISOString()]);
      return rows[0] ? commandRow(rows[0]) : null;
    },

    /** Moves a command only along the lifecycle: `from` lists the statuses it may leave. Prepared: every result runs it. */
    async transition(
      id: string,
      vin: string,
      to: CommandStatus,
      from: readonly CommandStatus[],
      at: Date,
      reason: string | null = null,
    ): Promise<CommandRow | null> {
      const rows = await preparedQuery<StoredCommand>(db, 'commands_transition', TRANSITION, [
        id,
        vin,
        to,
        [...from],
        at.toISOString(),
        reason,
      ]);
      return rows[0] ? commandRow(rows[0]) : null;
    },

    /** Queued and sent commands expire at their TTL; acked ones get `ackedGraceMs` more to report a result. */
    async expireDue(now: Date, ackedGraceMs: number): Promise<CommandRow[]> {
      return db
        .update(vehicleCommands)
        .set({ status: 'expired', reason: 'ttl', updatedAt: now })
        .where(
          or(
            and(inArray(vehicleCommands.status, ['queued', 'sent']), lte(vehicleCommands.expiresAt, now)),
            and(eq(vehicleCommands.status, 'acked'), lte(vehicleCommands.expiresAt, new Date(now.getTime() - ackedGraceMs))),
          ),
        )
        .returning();
    },

    async audit(entry: AuditEntry): Promise<void> {
      await db.insert(commandAudit).values(entry);
    },

    async auditOf(vin: string) {
      return db.select().from(commandAudit).where(eq(commandAudit.vin, vin)).orderBy(asc(commandAudit.id));
    },

    /** The stored key pair named `name`, created by the first process that asks (the others read the winner's). */
    async keyPair(name: string, generate: () => { privatePem: string; publicPem: string }, now: Date) {
      await db
        .insert(platformKeys)
        .values({ name, ...generate(), createdAt: now })
        .onConflictDoNothing({ target: platformKeys.name });
      const [k] = await db.select().from(platformKeys).where(eq(platformKeys.name, name));
      return { privatePem: k!.privatePem, publicPem: k!.publicPem };
    },

    /** Data export: the commands this account sent and their audit trail. */
    async exportFor(accountId: string) {
      const commands = await db
        .select()
        .from(vehicleCommands)
        .where(eq(vehicleCommands.accountId, accountId))
        .orderBy(asc(vehicleCommands.issuedAt));
      const audit = await db
        .select()
        .from(commandAudit)
        .where(eq(commandAudit.accountId, accountId))
        .orderBy(asc(commandAudit.at));
      return { commands, audit };
    },

    /** Account deletion: commands go; audit rows stay for the car's security record but lose the account. */
    async eraseAccount(accountId: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(vehicleCommands).where(eq(vehicleCommands.accountId, accountId));
        await tx.update(commandAudit).set({ accountId: null }).where(eq(commandAudit.accountId, accountId));
      });
    },
  };
}

export type CommandsRepository = ReturnType<typeof createCommandsRepository>;
