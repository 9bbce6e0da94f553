import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '@marque/db';
import { commandAudit, platformKeys, vehicleCommandCounters, vehicleCommands, type CommandStatus } from './commands.schema';

export type CommandRow = typeof vehicleCommands.$inferSelect;
export type NewCommand = Omit<CommandRow, 'counter' | 'sig'>;
export type AuditEntry = typeof commandAudit.$inferInsert;

export type CreateResult =
  { kind: 'created'; row: CommandRow } | { kind: 'exists'; row: CommandRow } | { kind: 'rate_limited'; retryAt: Date };

class RateLimited extends Error {
  constructor(readonly retryAt: Date) {
    super('rate limited');
  }
}

export function createCommandsRepository(db: Db) {
  return {
    async findByKey(accountId: string, key: string): Promise<CommandRow | null> {
      const rows = await db
        .select()
        .from(vehicleCommands)
        .where(and(eq(vehicleCommands.accountId, accountId), eq(vehicleCommands.idempotencyKey, key)));
      return rows[0] ?? null;
    },

    async findById(id: string): Promise<CommandRow | null> {
      const rows = await db.select().from(vehicleCommands).where(eq(vehicleCommands.id, id));
      return rows[0] ?? null;
    },

    /**
     * Takes the car's next counter (its row lock serialises commands per car), checks the rate limit inside
     * the same transaction, then inserts; a rolled-back counter is harmless: the car only needs it to rise.
     */
    async create(
      cmd: NewCommand,
      limit: { max: number; windowMs: number },
      sign: (counter: number) => string,
    ): Promise<CreateResult> {
      try {
        return await db.transaction(async (tx) => {
          const [c] = await tx
            .insert(vehicleCommandCounters)
            .values({ vin: cmd.vin, counter: 1 })
            .onConflictDoUpdate({
              target: vehicleCommandCounters.vin,
              set: { counter: sql`${vehicleCommandCounters.counter} + 1` },
            })
            .returning({ counter: vehicleCommandCounters.counter });
          const since = new Date(cmd.issuedAt.getTime() - limit.windowMs);
          const recent = await tx
            .select({ issuedAt: vehicleCommands.issuedAt })
            .from(vehicleCommands)
            .where(and(eq(vehicleCommands.vin, cmd.vin), gt(vehicleCommands.issuedAt, since)))
            .orderBy(asc(vehicleCommands.issuedAt));
          if (recent.length >= limit.max) {
            throw new RateLimited(new Date(recent[recent.length - limit.max]!.issuedAt.getTime() + limit.windowMs));
          }
          const counter = c!.counter;
          const rows = await tx
            .insert(vehicleCommands)
            .values({ ...cmd, counter, sig: sign(counter) })
            .onConflictDoNothing({ target: [vehicleCommands.accountId, vehicleCommands.idempotencyKey] })
            .returning();
          if (rows[0]) return { kind: 'created' as const, row: rows[0] };
          // The same key won a race in another request: answer with that command.
          const [existing] = await tx
            .select()
            .from(vehicleCommands)
            .where(and(eq(vehicleCommands.accountId, cmd.accountId), eq(vehicleCommands.idempotencyKey, cmd.idempotencyKey)));
          return { kind: 'exists' as const, row: existing! };
        });
      } catch (e) {
        if (e instanceof RateLimited) return { kind: 'rate_limited', retryAt: e.retryAt };
        throw e;
      }
    },

    /** Moves a command only along the lifecycle: `from` lists the statuses it may leave. */
    async transition(
      id: string,
      vin: string,
      to: CommandStatus,
      from: readonly CommandStatus[],
      at: Date,
      reason: string | null = null,
    ): Promise<CommandRow | null> {
      const rows = await db
        .update(vehicleCommands)
        .set({ status: to, updatedAt: at, ...(reason !== null ? { reason } : {}) })
        .where(and(eq(vehicleCommands.id, id), eq(vehicleCommands.vin, vin), inArray(vehicleCommands.status, [...from])))
        .returning();
      return rows[0] ?? null;
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
      const commands = await db.select().from(vehicleCommands).where(eq(vehicleCommands.accountId, accountId)).orderBy(asc(vehicleCommands.issuedAt));
      const audit = await db.select().from(commandAudit).where(eq(commandAudit.accountId, accountId)).orderBy(asc(commandAudit.at));
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
