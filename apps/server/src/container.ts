import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger as Pino } from 'pino';
import { openDatabase, migrate, type Database } from '@marque/db';
import { silentLogger, systemClock, type Clock, type Logger } from '@marque/kernel';
import { createVehiclesModule } from '@marque/vehicles';
import type { Config } from './config';
import { createMetrics, type Metrics } from './http/metrics';
import { buildHttpApp } from './http/app';
import { healthRoutes, type ReadinessCheck } from './http/routes/health.routes';
import { connectivityRoutes } from './http/routes/connectivity.routes';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker';
import { connectExternalBroker, type ExternalBroker } from './mqtt/external-broker';
import { importDemoRegistry } from './demo';
import { listenWithFallback } from './net';
import { createAccountModules, accountHttpRoutes, type AccountOptions } from './accounts-wiring';
import { createAuth } from './http/auth';
import type { Mailbox } from './mail/mailbox';
import { startMail, type MailSetup } from './mail/setup';
import { ensureDemoOwner, publishLegalSeed } from './demo-accounts';
import { loopbackBrokerUrl, startDemoFleet } from './demo-fleet';
import { accountOf } from './http/auth';
import { createVehicleLinkModules, vehicleLinkHttpRoutes, type VehicleLinkOptions } from './vehicle-link-wiring';
import { startVehicleLink, vehicleMessageHandler } from './vehicle-link-start';
import { mqttInternalRoutes, platformCredentials } from './http/routes/mqtt-internal.routes';
import { createOAuthWiring, oauthApiRoutes, oauthBearer, oauthRootRoutes } from './oauth-wiring';
import { vehicleScopeGuard } from './http/vehicle-scopes';
import { requireCurrentTerms } from './http/terms-guard';
import { createJobsModule } from '@marque/jobs';
import { registerPlatformJobs } from './jobs/platform-jobs';
import { enqueueExport, wireDataExports } from './data-export-wiring';
import { startWorkerLoop } from './jobs/worker-loop';
import { eventsCrossProcesses, startEventFanout } from './event-fanout';
import { createChargingModule } from '@marque/charging';
import { startOcpp } from './ocpp/start-ocpp';
import { createGarageModules } from './garage-wiring';
import { createNotificationsWiring, notificationsHttpRoutes, type NotificationOptions } from './notifications-wiring';
import { garageHttpRoutes } from './http/garage-http';
import { createTripsWiring, tripsHttpRoutes } from './trips-wiring';
import { createMaintenanceWiring, maintenanceHttpRoutes } from './maintenance-wiring';
import { DEFAULT_LOCALE, type PrivacyModule } from '@marque/privacy';

/** True when the account's latest account-wide `location_history` record is a withdrawal (never asked: false). */
function locationWithdrawn(privacy: PrivacyModule) {
  return async (accountId: string) => {
    const p = (await privacy.service.consents(accountId, DEFAULT_LOCALE)).purposes.find((x) => x.purpose === 'location_history');
    return !!p && !p.granted && p.since !== null;
  };
}

// Only roles that work are accepted; `marque start` runs them all.
export const ROLES = ['api', 'ingest', 'ocpp', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export const webDistDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The modules, built once over one database: the one place that wires things together. */
export function createModules(
  database: Database,
  clock: Clock,
  accountOptions: AccountOptions = {},
  linkOptions: VehicleLinkOptions = {},
  notificationOptions: NotificationOptions = {},
) {
  const vehicles = createVehiclesModule({ db: database.db, clock });
  const jobsLog = (linkOptions.log ?? silentLogger).child({ module: 'jobs' });
  const jobs = createJobsModule({ db: database.db, clock, log: jobsLog });
  const { accounts, privacy } = createAccountModules(database.db, clock, { ...accountOptions, enqueueExport: enqueueExport(jobs.service) });
  const link = createVehicleLinkModules(database.db, clock, vehicles, linkOptions);
  registerPlatformJobs(jobs.service, link);
  const notificationModules = createNotificationsWiring({
    db: database.db,
    clock,
    log: (linkOptions.log ?? silentLogger).child({ module: 'notifications' }),
    accounts,
    vehicles,
    telemetry: link.telemetry,
    jobs: jobs.service,
    bus: link.bus,
    sendMail: accountOptions.sendMail,
    appUrl: accountOptions.appUrl ?? (() => 'http://localhost:3000'),
    options: notificationOptions,
  });
  const garageModules = createGarageModules({
    db: database.db,
    clock,
    vehicles,
    telemetry: link.telemetry,
    commands: link.commands,
    accounts,
    jobs: jobs.service,
    notifications: notificationModules.notifications,
    sendMail: accountOptions.sendMail,
    appUrl: accountOptions.appUrl ?? (() => 'http://localhost:3000'),
    log: (linkOptions.log ?? silentLogger).child({ module: 'garage' }),
  });
  const tripsModules = createTripsWiring({
    db: database.db,
    clock,
    log: (linkOptions.log ?? silentLogger).child({ module: 'trips' }),
    vehicles,
    telemetry: link.telemetry,
    accounts,
    privacy,
    jobs: jobs.service,
  });
  const maintenanceModules = createMaintenanceWiring({
    db: database.db,
    clock,
    vehicles,
    telemetry: link.telemetry,
    accounts,
    privacy,
  });
  const oauth = createOAuthWiring(database.db, clock, {
    accounts,
    vehicles,
    appUrl: accountOptions.appUrl ?? (() => 'http://localhost:3000'),
    log: accountOptions.log,
  });
  wireDataExports({
    jobs: jobs.service,
    accounts,
    privacy,
    oauth: oauth.oauth,
    commands: link.commands,
    vehicles,
    subscriptions: garageModules.subscriptions,
    notifications: garageModules.notifications,
    sendMail: accountOptions.sendMail,
    appUrl: accountOptions.appUrl ?? (() => 'http://localhost:3000'),
    log: accountOptions.log ?? silentLogger,
  });
  const charging = createChargingModule({
    db: database.db,
    clock,
    log: (linkOptions.log ?? silentLogger).child({ module: 'charging' }),
  });
  return { vehicles, accounts, privacy, jobs, charging, ...link, ...oauth, ...garageModules, ...tripsModules, ...notificationModules, ...maintenanceModules };
}
export type Modules = ReturnType<typeof createModules>;

/** The HTTP app over given modules; tests call it directly and use `app.inject`. */
export function createHttp(opts: {
  config: Pick<Config, 'bodyLimitBytes' | 'tileUrl' | 'mqttUrl'>;
  modules: Modules;
  metrics: Metrics;
  checks: ReadinessCheck[];
  logger?: Pino | undefined;
  webDir?: string | undefined;
  /** The embedded SMTP sink's catch, served at /api/v1/dev/mail (demo mode only). */
  mailbox?: Mailbox | undefined;
  /** Test-only routes under /api/v1, to exercise the shared HTTP machinery. */
  extraRoutes?: Array<(app: FastifyInstance) => void> | undefined;
}): Promise<FastifyInstance> {
  const auth = createAuth({ sessions: opts.modules.accounts.sessions, bearer: oauthBearer(opts.modules) });
  const scopeGuard = vehicleScopeGuard(auth);
  const termsGuard = requireCurrentTerms(opts.modules);
  // Vehicle routes: signed in (or a token with the route's scope), then the current terms of use accepted.
  const vehicleGuard = async (req: FastifyRequest) => {
    await scopeGuard(req);
    await termsGuard(req);
  };
  return buildHttpApp({
    config: opts.config,
    metrics: opts.metrics,
    logger: opts.logger,
    webDir: opts.webDir,
    rootRoutes: [
      healthRoutes({ checks: opts.checks, registry: opts.metrics.registry }),
      mqttInternalRoutes({
        token: opts.modules.linkSettings.mqttInternalToken,
        verifyVehicle: (vin, secret) => opts.modules.vehicles.service.verifyDeviceSecret(vin, secret),
        platform: platformCredentials(opts.config.mqttUrl),
      }),
      ...oauthRootRoutes(opts.modules, auth),
    ],
    routes: [
      connectivityRoutes(opts.modules.vehicles.service),
      ...accountHttpRoutes(opts.modules, auth, opts.mailbox),
      ...vehicleLinkHttpRoutes(
        opts.modules,
        { preHandler: vehicleGuard, getAccountId: (req) => accountOf(req).accountId },
        locationWithdrawn(opts.modules.privacy),
      ),
      ...oauthApiRoutes(opts.modules, auth),
      ...garageHttpRoutes(opts.modules, { auth, preHandler: vehicleGuard, demo: !!opts.mailbox }),
      ...tripsHttpRoutes(opts.modules, { preHandler: vehicleGuard, getAccountId: (req) => accountOf(req).accountId }),
      ...notificationsHttpRoutes(opts.modules, { preHandler: vehicleGuard, getAccountId: (req) => accountOf(req).accountId }),
      ...maintenanceHttpRoutes(
        opts.modules,
        { preHandler: vehicleGuard, getAccountId: (req) => accountOf(req).accountId },
        auth.requireRole('retailer'),
      ),
      ...(opts.extraRoutes ?? []),
    ],
  });
}

export interface Platform {
  database: Database;
  modules: Modules;
  metrics: Metrics;
  http?: { app: FastifyInstance; port: number };
  /** The charger WebSocket endpoint's port: the HTTP port when the api role runs here too. */
  ocpp?: { port: number };
  broker?: EmbeddedBroker;
  external?: ExternalBroker;
  mail?: MailSetup;
  /** Demo mode: the owner account to sign in with (shown in the start banner, never logged). */
  demoOwner?: { email: string; password: string; vins: string[] };
  /** Demo mode: the simulated cars running in this process (stopped first on shutdown). */
  demoFleet?: { vins: string[] };
  close(): Promise<void>;
}

/** Opens the store, applies migrations, then starts the transports of the chosen roles. */
export async function startPlatform(config: Config, roles: Set<Role>, log: Pino): Promise<Platform> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const closers: Array<() => Promise<void>> = [() => database.close()];
  const close = async () => {
    for (const c of closers.reverse()) {
      try {
        await c();
      } catch (e) {
        log.error({ err: e }, 'error during shutdown');
      }
    }
  };
  try {
    await migrate(database);
    // The api role sends mail (registration, password reset); a worker sends notices by mail when SMTP_URL is set.
    const sendsMail = roles.has('api') || (roles.has('worker') && !!config.smtpUrl);
    const mail = sendsMail ? await startMail(config, log as unknown as Logger) : undefined;
    if (mail) closers.push(() => mail.close());
    let appUrl = config.publicUrl?.replace(/\/+$/, '') ?? `http://localhost:${config.port}`;
    const modules = createModules(database, systemClock, {
      sendMail: mail?.sendMail,
      appUrl: () => appUrl,
      log: log as unknown as Logger,
    }, { settings: config.vehicleLink, log: log as unknown as Logger }, { push: config.push, dataDir: config.dataDir });
    // Registered early so it runs late: the transports stop first, then what they handed over is flushed.
    closers.push(() => modules.telemetry.ingest.close());
    // Over PostgreSQL the roles may run apart: events go through NOTIFY and the api role LISTENs.
    if (eventsCrossProcesses(database)) {
      const fanoutLog = log.child({ component: 'events' }) as unknown as Logger;
      const listen = roles.has('api');
      closers.push(
        await startEventFanout({ database, bus: modules.bus, commands: modules.commands, notifications: modules.notifications, listen, log: fanoutLog }),
      );
    }
    const metrics = createMetrics();
    const mqttRefused = metrics.counter('marque_mqtt_refused_total', 'MQTT connections and operations refused by reason', [
      'reason',
    ]);
    const newDemoCars = config.demo && (await importDemoRegistry(modules.vehicles.service, log as unknown as Logger));
    if (config.demo) await publishLegalSeed(modules.privacy, log as unknown as Logger);

    const checks: ReadinessCheck[] = [{ name: 'database', check: () => database.ping() }];
    const platform: Platform = { database, modules, metrics, close, ...(mail ? { mail } : {}) };
    if (config.demo) platform.demoOwner = await ensureDemoOwner(modules, config.dataDir, { newCars: newDemoCars });

    if (roles.has('ingest')) {
      if (config.mqttUrl) {
        platform.external = await connectExternalBroker(config.mqttUrl, log as unknown as Logger);
        closers.push(() => platform.external!.close());
        checks.push({ name: 'broker', check: async () => platform.external!.assertConnected() });
      } else {
        platform.broker = await startEmbeddedBroker({
          port: config.mqttPort,
          host: config.mqttHost,
          fallback: config.portFallback,
          auth: { verifyVehicle: (vin, secret) => modules.vehicles.service.verifyDeviceSecret(vin, secret) },
          log: log.child({ component: 'mqtt' }) as unknown as Logger,
          onRefused: (reason) => mqttRefused.labels(reason).inc(),
          onVehiclePublish: vehicleMessageHandler(modules),
        });
        closers.push(() => platform.broker!.close());
        checks.push({ name: 'broker', check: async () => undefined });
      }
    }

    closers.push(
      await startVehicleLink({
        modules,
        metrics,
        log: log as unknown as Logger,
        ingest: roles.has('ingest'),
        broker: platform.broker,
        external: platform.external,
        mqttUrl: config.mqttUrl,
      }),
    );

    if (roles.has('worker')) {
      const workerLog = log.child({ component: 'worker' }) as unknown as Logger;
      const worker = startWorkerLoop({ jobs: modules.jobs.service, log: workerLog });
      closers.push(() => worker.close());
    }

    if (roles.has('api')) {
      const app = await createHttp({
        config,
        modules,
        metrics,
        checks,
        logger: log,
        webDir: existsSync(webDistDir) ? webDistDir : undefined,
        mailbox: config.demo ? mail?.mailbox : undefined,
      });
      const port = await listenWithFallback(
        async (p) => {
          await app.listen({ port: p, host: config.host });
        },
        config.port,
        { fallback: config.portFallback, name: 'HTTP', log: (m) => log.warn(m) },
      );
      const bound = (app.server.address() as { port: number } | null)?.port ?? port;
      // Closing Fastify stops accepting, then waits for in-flight requests to finish.
      closers.push(() => app.close());
      platform.http = { app, port: bound };
      if (!config.publicUrl) appUrl = `http://localhost:${bound}`;
    }
    // After the api role, so chargers share its HTTP server and their sockets close before it does.
    if (roles.has('ocpp')) {
      const ocpp = await startOcpp({
        charging: modules.charging,
        log: log.child({ component: 'ocpp' }) as unknown as Logger,
        httpServer: platform.http?.app.server,
        port: config.ocppPort,
        host: config.host,
        fallback: config.portFallback,
        autoRegister: config.demo,
      });
      closers.push(() => ocpp.close());
      platform.ocpp = { port: ocpp.port };
    }
    // Last, so it stops first: the demo cars connect as outside clients once every listener is up.
    if (config.demo && config.demoFleet && platform.broker) {
      const fleet = await startDemoFleet({
        brokerUrl: loopbackBrokerUrl(config.mqttHost, platform.broker.port),
        commandPublicKeyPem: await modules.commands.publicKeyPem(),
        log: log.child({ component: 'demo-fleet' }) as unknown as Logger,
        owner: platform.demoOwner && {
          vins: platform.demoOwner.vins,
          history: { earliestReceived: modules.telemetry.history.earliestReceived, holderAt: modules.vehicles.access.holderAt },
          now: systemClock.now(),
          maxAgeDays: modules.telemetry.maxAgeDays,
        },
      });
      if (fleet) {
        closers.push(() => fleet.stop());
        platform.demoFleet = fleet;
      }
    }
    return platform;
  } catch (e) {
    await close();
    throw e;
  }
}
