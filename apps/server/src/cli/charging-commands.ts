import type { Command } from 'commander';
import { openDatabase, migrate } from '@marque/db';
import { isAppError, systemClock } from '@marque/kernel';
import type { ChargingModule } from '@marque/charging';
import type { Config } from '../config';
import { createModules } from '../container';

async function withCharging<T>(cfg: Config, fn: (m: ChargingModule) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database);
    return await fn(createModules(database, systemClock).charging);
  } finally {
    await database.close();
  }
}

function explain(command: string, e: unknown): number {
  const fields = isAppError(e) ? (e.details.fields ?? []).map((f) => f.field).join(', ') : '';
  console.error(`marque chargers ${command}: ${fields ? `${fields}: ` : ''}${(e as Error).message}`);
  return 1;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `marque chargers add|tokens add`: register chargers (OCPP Basic auth) and RFID cards by hand. */
export function registerChargingCommands(program: Command, config: () => Config): void {
  const chargers = program.command('chargers').description('OCPP chargers and the RFID cards they accept');

  chargers
    .command('add')
    .description(
      'Register a charger for ws(s)://host/ocpp/<chargePointId>; prints a generated password once unless --password-stdin',
    )
    .argument('<chargePointId>', 'the charger identity: 1 to 48 letters, digits or ._~*+|@- (no ":")')
    .option('--password-stdin', 'read the Basic auth password (16 to 40 characters) from standard input')
    .action(async (chargePointId: string, opts: { passwordStdin?: boolean }) => {
      try {
        const given = opts.passwordStdin ? await readStdin() : undefined;
        const r = await withCharging(config(), (m) => m.service.registerCharger(chargePointId, given));
        console.log(
          `charger ${r.chargePointId} registered; connect to ws(s)://<host>/ocpp/${r.chargePointId} with HTTP Basic auth`,
        );
        if (given === undefined)
          console.log(`password: ${r.password}\n(shown once, stored only as a hash: set it in the charger now)`);
        process.exitCode = 0;
      } catch (e) {
        process.exitCode = explain('add', e);
      }
    });

  chargers
    .command('tokens')
    .description('Id tokens (RFID cards) chargers may authorise; unknown tokens are Invalid')
    .command('add')
    .description('Allow an id tag (case-insensitive) on every charger')
    .argument('<idTag>', "the card's id tag, 1 to 36 printable characters (OCPP 1.6 chargers send at most 20)")
    .option('--label <label>', 'a note for operators, e.g. the holder')
    .option('--blocked', 'record the card as blocked instead of allowed')
    .action(async (idTag: string, opts: { label?: string; blocked?: boolean }) => {
      try {
        const t = await withCharging(config(), (m) => m.service.addToken(idTag, { allowed: !opts.blocked, label: opts.label }));
        console.log(`token ${t.idTag} ${t.allowed ? 'allowed' : 'blocked'}`);
        process.exitCode = 0;
      } catch (e) {
        process.exitCode = explain('tokens add', e);
      }
    });
}
