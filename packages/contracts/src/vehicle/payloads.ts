import { Type, type Static } from '@sinclair/typebox';

const IsoTime = Type.String({ format: 'date-time', maxLength: 40, description: 'ISO 8601 UTC time' });
/**
 * A number, a boolean, a string of up to 256 characters or a list of up to 64 strings of up to 32. One `type` list
 * rather than an anyOf of four schemas: the same values pass, and a validator need not try (and build an error
 * for) the number branch of every boolean reading first.
 */
const SignalValue = Type.Unsafe<number | boolean | string | string[]>({
  type: ['number', 'boolean', 'string', 'array'],
  maxLength: 256,
  maxItems: 64,
  items: { type: 'string', maxLength: 32 },
});

/** `v1/vehicles/{VIN}/up/telemetry`, QoS 1. `seq` rises per vehicle; a repeated seq is a duplicate. */
export const TelemetryMessage = Type.Object(
  {
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    samples: Type.Array(
      Type.Object(
        {
          ts: IsoTime,
          signals: Type.Record(Type.String({ pattern: '^Vehicle(\\.[A-Za-z0-9]+)+$', maxLength: 128 }), SignalValue, {
            minProperties: 1,
            maxProperties: 200,
          }),
        },
        { additionalProperties: true },
      ),
      { minItems: 1, maxItems: 600 },
    ),
  },
  { additionalProperties: true },
);
export type TelemetryMessageT = Static<typeof TelemetryMessage>;

export const EVENT_TYPES = [
  'ignition.on',
  'ignition.off',
  'collision',
  'dtc.set',
  'dtc.cleared',
  'alarm',
  'charging.started',
  'charging.stopped',
  'headunit.code',
] as const;

/** `v1/vehicles/{VIN}/up/events`, QoS 1. Placed by `ts` (may arrive hours late), deduplicated by `id`. */
export const EventMessage = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    type: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$', maxLength: 64 }),
    ts: IsoTime,
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: true },
);
export type EventMessageT = Static<typeof EventMessage>;

const Vec3 = Type.Tuple([Type.Number(), Type.Number(), Type.Number()]);

/** `data` of a `collision` event: what the crash sensor saw, real collision or false alarm. */
export const CollisionData = Type.Object(
  {
    sampleRateHz: Type.Integer({ minimum: 50, maximum: 2000 }),
    triggerOffsetMs: Type.Integer({ minimum: 0, maximum: 5000 }),
    accel: Type.Array(Vec3, { minItems: 10, maxItems: 20000 }),
    preCrash: Type.Array(
      Type.Object(
        {
          dtMs: Type.Integer({ maximum: 0, minimum: -10000 }),
          speedKmh: Type.Number({ minimum: 0, maximum: 400 }),
          acceleratorPct: Type.Number({ minimum: 0, maximum: 100 }),
          brake: Type.Boolean(),
        },
        { additionalProperties: true },
      ),
      { maxItems: 200 },
    ),
    airbag: Type.Object({ deployed: Type.Boolean(), timeToDeployMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]) }),
    belts: Type.Object({ driver: Type.Boolean(), passenger: Type.Boolean() }, { additionalProperties: true }),
    speedKmh: Type.Number({ minimum: 0, maximum: 400 }),
    location: Type.Object({
      lat: Type.Number({ minimum: -90, maximum: 90 }),
      lon: Type.Number({ minimum: -180, maximum: 180 }),
      heading: Type.Number({ minimum: 0, maximum: 360 }),
    }),
  },
  { additionalProperties: true },
);
export type CollisionDataT = Static<typeof CollisionData>;

export const COMMAND_STATUSES = ['acked', 'executed', 'failed', 'rejected'] as const;

/** `v1/vehicles/{VIN}/up/command-results`, QoS 1. */
export const CommandResultMessage = Type.Object(
  {
    commandId: Type.String({ format: 'uuid' }),
    status: Type.Union(COMMAND_STATUSES.map((s) => Type.Literal(s))),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
    ts: IsoTime,
  },
  { additionalProperties: true },
);
export type CommandResultMessageT = Static<typeof CommandResultMessage>;

/** `v1/vehicles/{VIN}/up/connection`, retained, also the last will. */
export const ConnectionMessage = Type.Object({ online: Type.Boolean(), ts: IsoTime }, { additionalProperties: true });
export type ConnectionMessageT = Static<typeof ConnectionMessage>;

export const COMMAND_NAMES = [
  'doors.lock',
  'doors.unlock',
  'hazards.on',
  'hazards.off',
  'climate.start',
  'climate.stop',
  'charging.start',
  'charging.stop',
  'lights.flash',
  'navigation.destination',
  'status.refresh',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Parameters each command accepts; validated when the command is queued and again by the car. */
export const CommandParams = {
  'doors.lock': Type.Object({}, { additionalProperties: false }),
  'doors.unlock': Type.Object({}, { additionalProperties: false }),
  'hazards.on': Type.Object(
    { durationS: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })) },
    { additionalProperties: false },
  ),
  'hazards.off': Type.Object({}, { additionalProperties: false }),
  'climate.start': Type.Object(
    {
      temperatureC: Type.Number({ minimum: 16, maximum: 30 }),
      durationMin: Type.Optional(Type.Integer({ minimum: 5, maximum: 30 })),
    },
    { additionalProperties: false },
  ),
  'climate.stop': Type.Object({}, { additionalProperties: false }),
  'charging.start': Type.Object({}, { additionalProperties: false }),
  'charging.stop': Type.Object({}, { additionalProperties: false }),
  'lights.flash': Type.Object({}, { additionalProperties: false }),
  'navigation.destination': Type.Object(
    {
      lat: Type.Number({ minimum: -90, maximum: 90 }),
      lon: Type.Number({ minimum: -180, maximum: 180 }),
      label: Type.Optional(Type.String({ maxLength: 120 })),
    },
    { additionalProperties: false },
  ),
  'status.refresh': Type.Object({}, { additionalProperties: false }),
} satisfies Record<CommandName, unknown>;

/** `v1/vehicles/{VIN}/down/commands`, QoS 1; `sig` is Ed25519 over commandSigningInput(). */
export const CommandMessage = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    vin: Type.String({ minLength: 17, maxLength: 17 }),
    name: Type.Union(COMMAND_NAMES.map((n) => Type.Literal(n))),
    params: Type.Record(Type.String(), Type.Unknown()),
    issuedAt: IsoTime,
    expiresAt: IsoTime,
    counter: Type.Integer({ minimum: 1 }),
    sig: Type.String({ maxLength: 200 }),
  },
  { additionalProperties: true },
);
export type CommandMessageT = Static<typeof CommandMessage>;
