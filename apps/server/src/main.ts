import { Command, Option, InvalidArgumentError } from 'commander';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger } from './logging';
import { ROLES, startPlatform, type Role, type Platform } from './container';
import { DataDirLockedError } from '@marque/db';
import { migrateCommand, importVehiclesCommand } from './cli/commands';

function parseRoles(value: string): Set<Role> {
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r))
      throw new InvalidArgumentError(`unknown role "${r}" (roles: ${ROLES.join(', ')})`);
  }
  if (roles.length === 0) throw new InvalidArgumentError('name at least one role');
  return new Set(roles as Role[]);
}

function config(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`marque: configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

/** Runs until SIGINT/SIGTERM, then shuts down in order: stop accepting, drain, close the database. */
async function run(roles: Set<Role>, banner: boolean) {
  const cfg = config();
  const log = createLogger(cfg.logLevel);
  const started = performance.now();
  let platform: Platform;
  try {
    platform = await startPlatform(cfg, roles, log);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      console.error(`marque: ${e.message}`);
      process.exit(1);
    }
    console.error(`marque: could not start: ${(e as Error).message}`);
    log.error({ err: e }, 'start-up failed');
    process.exit(1);
  }
  if (banner) printBanner(cfg, platform, roles, performance.now() - started);
  else log.info({ roles: [...roles], httpPort: platform.http?.port, mqttPort: platform.broker?.port }, 'marque started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      console.error('marque: forced exit');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      console.error('marque: shutdown took longer than 15 s, exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    await platform.close();
    console.log('marque: stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function printBanner(cfg: Config, p: Platform, roles: Set<Role>, ms: number) {
  const host = 'localhost';
  const lines = ['', `  Marque is running (roles: ${[...roles].join(', ')}; ready in ${(ms / 1000).toFixed(1)} s)`, ''];
  if (p.http) {
    lines.push(`  Web app      http://${host}:${p.http.port}/`);
    lines.push(`  API docs     http://${host}:${p.http.port}/api/docs   (OpenAPI: /api/openapi.json)`);
    lines.push(`  Health       http://${host}:${p.http.port}/readyz     metrics: /metrics`);
  }
  if (p.broker) lines.push(`  MQTT         mqtt://${host}:${p.broker.port}   (embedded broker)`);
  if (p.external) lines.push(`  MQTT         ${redactUrl(cfg.mqttUrl!)}   (external broker)`);
  lines.push(`  Database     ${cfg.databaseUrl ? `PostgreSQL ${redactUrl(cfg.databaseUrl)}` : `PGlite in ${cfg.dataDir}`}`);
  if (cfg.demo) {
    lines.push('');
    lines.push('  Demo mode (MARQUE_DEMO=0 turns it off)');
    lines.push('  Try the connectivity match with VIN SAUVL0AB6KA010000 (PHEV) or SAULM1AB3LA010001 (BEV).');
  }
  lines.push('', '  Ctrl-C stops Marque cleanly.', '');
  console.log(lines.join('\n'));
}

function redactUrl(u: string): string {
  const url = new URL(u);
  if (url.password) url.password = '***';
  return url.toString();
}

const program = new Command('marque')
  .description('Marque: open connected-vehicle services platform')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('start')
  .description('Run every role in one process on the configured engines (embedded PGlite and MQTT broker by default)')
  .action(() => run(new Set(ROLES), true));

program
  .command('server')
  .description('Run the chosen roles, for scale-out (several processes over PostgreSQL and an external broker)')
  .addOption(
    new Option('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`).argParser(parseRoles).makeOptionMandatory(),
  )
  .action((opts: { roles: Set<Role> }) => run(opts.roles, false));

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => {
    process.exitCode = await migrateCommand(config());
  });

const vehicles = program.command('vehicles').description('The vehicle registry');
vehicles
  .command('import')
  .description('Import the factory vehicle registry feed (CSV with header or JSON array); idempotent')
  .argument('<file>', 'path to a .csv or .json file')
  .option('--show-rejected <n>', 'how many rejected rows to list', '50')
  .action(async (file: string, opts: { showRejected: string }) => {
    process.exitCode = await importVehiclesCommand(config(), file, Number(opts.showRejected) || 50);
  });

await program.parseAsync(process.argv);
