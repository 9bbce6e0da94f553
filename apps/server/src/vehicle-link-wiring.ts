import type { Db } from '@marque/db';
import { silentLogger, type Clock, type Logger } from '@marque/kernel';
import type { CommandMessageT } from '@marque/contracts/vehicle';
import type { VehiclesModule } from '@marque/vehicles';
import { createTelemetryModule, type DropReason } from '@marque/telemetry';
import { createCommandsModule, type ResultDropReason } from '@marque/commands';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { loadConfig, type VehicleLinkConfig } from './config';
import { createEventBus } from './event-bus';
import { commandRoutes } from './http/routes/commands.routes';
import { vehicleStatusRoutes, type LocationWithdrawn } from './http/routes/vehicle-status.routes';
import { eventsRoutes } from './http/routes/events.routes';
import { garageRoutes } from './http/routes/garage.routes';

export interface VehicleLinkOptions {
  settings?: VehicleLinkConfig;
  log?: Logger;
}

/**
 * Bound once a transport starts (startVehicleLink): until then a command has no way to the car and
 * drops are not counted. Modules are built before the broker exists, so they call through this.
 */
export interface LinkTransport {
  send(vin: string, message: CommandMessageT): Promise<void>;
  telemetryDropped(reason: DropReason): void;
  resultDropped(reason: ResultDropReason): void;
}

/** The telemetry and commands modules over the vehicles module, sharing one event bus. */
export function createVehicleLinkModules(db: Db, clock: Clock, vehicles: VehiclesModule, opts: VehicleLinkOptions = {}) {
  const settings = opts.settings ?? loadConfig({}).vehicleLink;
  const log = opts.log ?? silentLogger;
  const bus = createEventBus();
  const transport: LinkTransport = {
    send: async () => {
      throw new Error('no MQTT transport is running in this process');
    },
    telemetryDropped: () => undefined,
    resultDropped: () => undefined,
  };
  const telemetry = createTelemetryModule({
    db,
    clock,
    log: log.child({ module: 'telemetry' }),
    access: vehicles.access,
    settings: { maxAgeDays: settings.telemetryMaxAgeDays, retentionDays: settings.telemetryRetentionDays },
    publish: bus.publish,
    onDropped: (r) => transport.telemetryDropped(r),
  });
  const commands = createCommandsModule({
    db,
    access: vehicles.access,
    clock,
    log: log.child({ module: 'commands' }),
    signingKeyPem: settings.commandSigningKeyPem,
    allowGeneratedKey: settings.allowGeneratedCommandKey,
    settings: { ttlSeconds: settings.commandTtlSeconds },
    send: (vin, message) => transport.send(vin, message),
    publish: bus.publish,
    onResultDropped: (r) => transport.resultDropped(r),
  });
  return { telemetry, commands, bus, transport, linkSettings: settings };
}

export type VehicleLinkModules = ReturnType<typeof createVehicleLinkModules>;

export interface AccountResolution {
  /** Runs before the handler (e.g. auth.requireAccount); optional for resolvers that need none. */
  preHandler?: preHandlerHookHandler;
  /** The signed-in account of a request that passed `preHandler`; throws AppError('unauthenticated') otherwise. */
  getAccountId(req: FastifyRequest): string;
}

/** The owner-facing routes of the vehicle link, under /api/v1. */
export function vehicleLinkHttpRoutes(
  m: VehicleLinkModules & { vehicles: VehiclesModule },
  auth: AccountResolution,
  locationWithdrawn?: LocationWithdrawn,
) {
  return [
    commandRoutes({ commands: m.commands, auth }),
    vehicleStatusRoutes({ status: m.telemetry.status, auth, locationWithdrawn }),
    eventsRoutes({ bus: m.bus, access: m.vehicles.access, auth }),
    garageRoutes({ garage: m.vehicles.garage, auth }),
  ] as Array<(app: FastifyInstance) => Promise<void>>;
}
