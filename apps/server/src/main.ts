import { Command, Option, InvalidArgumentError } from 'commander';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger } from './logging';
import { ROLES, startPlatform, type Role, type Platform } from './container';
import { DataDirLockedError } from '@marque/db';
import { migrateCommand, importVehiclesCommand, mosquittoProvisionCommand } from './cli/commands';
import { mosquittoConfigCommand } from './cli/mosquitto-command';
import type { SimulateOptions } from '@marque/simulator';
import { adminCreateCommand, legalPublishCommand } from './cli/accounts-commands';
import type { Role as AccountRole } from '@marque/accounts';
import { registerOAuthCommands } from './cli/oauth-commands';
import { registerChargingCommands } from './cli/charging-commands';

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
async function run(roles: Set<Role>, banner: boolean, fleet = false) {
  // The demo fleet runs only under `marque start`; scaled-out `server` processes never start one.
  const cfg = { ...config(), ...(fleet ? {} : { demoFleet: false }) };
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
  else
    log.info(
      { roles: [...roles], httpPort: platform.http?.port, mqttPort: platform.broker?.port, ocppPort: platform.ocpp?.port },
      'marque started',
    );

  let stoppingSince = 0;
  const stop = async (signal: string) => {
    if (stoppingSince) {
      // Ctrl-C under `npm start` reaches us twice at once (from the terminal and forwarded by npm): only a
      // second signal that comes later is a request to force the exit.
      if (Date.now() - stoppingSince < 1000) return;
      console.error('marque: forced exit');
      process.exit(1);
    }
    stoppingSince = Date.now();
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
  if (p.ocpp) lines.push(`  OCPP         ws://${host}:${p.ocpp.port}/ocpp/{id}   (chargers: OCPP 1.6J, 2.0.1)`);
  if (p.external) lines.push(`  MQTT         ${redactUrl(cfg.mqttUrl!)}   (external broker)`);
  lines.push(`  Database     ${cfg.databaseUrl ? `PostgreSQL ${redactUrl(cfg.databaseUrl)}` : `PGlite in ${cfg.dataDir}`}`);
  if (cfg.demo) {
    lines.push('');
    lines.push('  Demo mode (MARQUE_DEMO=0 turns it off)');
    lines.push('  Try the connectivity match with VIN SAUVL0AB6KA010000 (PHEV) or SAULM1AB3LA010001 (BEV).');
    if (p.demoOwner) lines.push(`  Sign in as   ${p.demoOwner.email}   password: ${p.demoOwner.password}`);
    if (p.demoOwner) lines.push(`  Your cars    ${p.demoOwner.vins.join(' ')}   (owner app: /app)`);
    if (p.demoFleet)
      lines.push(
        `  Demo fleet   ${p.demoFleet.vins.length} simulated cars: ${p.demoFleet.vins.join(' ')}   (DEMO_FLEET=0 or --no-fleet turns it off)`,
      );
    if (p.http && p.mail?.mailbox)
      lines.push(
        `  Mailbox      http://${host}:${p.http.port}/mail   (e-mails caught by the SMTP sink on port ${p.mail.sinkPort})`,
      );
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
  .option('--no-fleet', 'demo mode: do not run the simulated demo fleet in this process')
  .action((opts: { fleet: boolean }) => run(new Set(ROLES), true, opts.fleet));

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

const admin = program.command('admin').description('Operator accounts');
admin
  .command('create')
  .description('Create an active account: admin, or the role --role names (prints a generated password unless --password-stdin)')
  .argument('<email>', 'e-mail address of the admin')
  .option('--name <name>', 'display name', 'Administrator')
  .option('--password-stdin', 'read the password from standard input')
  .addOption(
    new Option('--role <role>', 'the role of the account (a retailer for the retailer console, for example)')
      .choices(['admin', 'retailer', 'care_agent', 'customer'])
      .default('admin'),
  )
  .action(async (email: string, opts: { name?: string; passwordStdin?: boolean; role?: AccountRole }) => {
    process.exitCode = await adminCreateCommand(config(), email, opts);
  });

registerOAuthCommands(program, config);
registerChargingCommands(program, config);

const legal = program.command('legal').description('Terms of use and privacy notices');
legal
  .command('publish')
  .description('Publish a Markdown file as a new version of the terms of use or the privacy notice')
  .argument('<file>', 'Markdown file; its first "# " heading is the title')
  .addOption(new Option('--kind <kind>', 'which document').choices(['terms', 'privacy']).makeOptionMandatory())
  .requiredOption('--market <code>', 'ISO 3166-1 alpha-2 market, for example GB')
  .addOption(new Option('--language <lang>', 'language').choices(['en', 'de']).makeOptionMandatory())
  .requiredOption('--version <n>', 'version number, above the published one', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number from 1');
    return n;
  })
  .option('--title <title>', 'title, instead of the first heading')
  .action(
    async (
      file: string,
      opts: { kind: 'terms' | 'privacy'; market: string; language: string; version: number; title?: string },
    ) => {
      process.exitCode = await legalPublishCommand(config(), file, opts);
    },
  );

program
  .command('simulate')
  .description('Run a fleet of virtual vehicles as outside MQTT clients (telemetry, trips, faults, signed commands)')
  .option('--vehicles <n>', 'how many vehicles of the registry file to run (default: all with a head unit)')
  .option('--broker <url>', 'MQTT broker the vehicles connect to', 'mqtt://localhost:1883')
  .option('--api <url>', 'Marque API to fetch the command public key from', 'http://localhost:3000')
  .option('--command-key-file <file>', 'PEM file with the platform command public key (instead of --api)')
  .option('--registry <file>', 'vehicle registry feed (JSON or CSV) with VINs and device secrets', 'demo/vehicles.json')
  .option('--speedup <x>', 'simulated time runs this many times faster than real time', '1')
  .option('--seed <n>', 'random seed, for a reproducible run')
  .action(async (opts: SimulateOptions) => {
    // Imported on demand so that the server never loads the simulator at start.
    const { runSimulateCommand } = await import('@marque/simulator');
    process.exitCode = await runSimulateCommand(opts);
  });

const mqttCommand = program.command('mqtt').description('External MQTT broker set-up');
mqttCommand
  .command('mosquitto-provision')
  .description('Create or update the feed\'s vehicles in Mosquitto\'s dynamic-security plugin (docs/operations/mosquitto.md)')
  .requiredOption('--registry <file>', 'the factory feed (.csv or .json) holding the device secrets')
  .action(async (opts: { registry: string }) => {
    process.exitCode = await mosquittoProvisionCommand(config(), opts.registry);
  });
mqttCommand
  .command('mosquitto-config')
  .description('Write a Mosquitto password file ($7$ PBKDF2-SHA512), ACL file and conf snippet (docs/operations/mosquitto.md)')
  .requiredOption('--out <dir>', 'directory to write marque.passwd, marque.acl and marque.conf into')
  .requiredOption('--registry <file>', 'the factory feed (.csv or .json) holding the device secrets')
  .action(async (opts: { out: string; registry: string }) => {
    process.exitCode = await mosquittoConfigCommand(config(), opts.out, opts.registry);
  });

await program.parseAsync(process.argv);
