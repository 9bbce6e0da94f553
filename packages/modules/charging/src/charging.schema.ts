import {
  pgTable,
  pgSequence,
  text,
  integer,
  boolean,
  bigserial,
  bigint,
  doublePrecision,
  timestamp,
  index,
  uniqueIndex,
  primaryKey,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** OCPP 1.6 transaction ids are integers the CSMS hands out; 2.0.1 chargers choose their own strings. */
export const OCPP16_SEQUENCE = 'charging_ocpp16_transaction_ids';
export const ocpp16TransactionIds = pgSequence(OCPP16_SEQUENCE, { startWith: 1, minValue: 1, maxValue: 2147483647 });

/** A charge point (OCPP "charging station"); names follow OCPI where they overlap. */
export const chargers = pgTable('chargers', {
  chargePointId: text('charge_point_id').primaryKey(),
  /** scrypt$N$r$p$salt$hash (base64url): security profile 1/2 Basic auth password. */
  passwordHash: text('password_hash').notNull(),
  ocppVersion: text('ocpp_version', { enum: ['1.6', '2.0.1'] }),
  vendor: text('vendor'),
  model: text('model'),
  serial: text('serial'),
  firmware: text('firmware'),
  bootReason: text('boot_reason'),
  bootedAt: ts('booted_at'),
  lastConnectedAt: ts('last_connected_at'),
  lastSeenAt: ts('last_seen_at'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Connector status as last reported; 1.6 connector n is EVSE n with connector 1, connector 0 the whole charger. */
export const chargerConnectors = pgTable(
  'charger_connectors',
  {
    chargePointId: text('charge_point_id').notNull(),
    evseId: integer('evse_id').notNull(),
    connectorId: integer('connector_id').notNull(),
    status: text('status').notNull(),
    errorCode: text('error_code'),
    /** When the charger says the status changed; statusReceivedAt is when we heard of it. */
    statusAt: ts('status_at').notNull(),
    statusReceivedAt: ts('status_received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chargePointId, t.evseId, t.connectorId] })],
);

/** RFID cards and other id tokens the network knows; the RFID issue manages them. */
export const chargingTokens = pgTable('charging_tokens', {
  /** Upper-cased: OCPP id tags are case-insensitive strings. */
  idTag: text('id_tag').primaryKey(),
  allowed: boolean('allowed').notNull(),
  label: text('label'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const SESSION_STATES = ['active', 'ended'] as const;

/** One charging transaction; times from the charger are kept beside the times we received them. */
export const chargingSessions = pgTable(
  'charging_sessions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chargePointId: text('charge_point_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    evseId: integer('evse_id').notNull(),
    connectorId: integer('connector_id').notNull(),
    idTag: text('id_tag'),
    state: text('state', { enum: SESSION_STATES }).notNull(),
    startedAt: ts('started_at').notNull(),
    startReceivedAt: ts('start_received_at').notNull(),
    stoppedAt: ts('stopped_at'),
    stopReceivedAt: ts('stop_received_at'),
    meterStartWh: doublePrecision('meter_start_wh'),
    /** The latest energy register seen during the session, so a live session shows its energy so far. */
    meterLastWh: doublePrecision('meter_last_wh'),
    meterStopWh: doublePrecision('meter_stop_wh'),
    stopReason: text('stop_reason'),
    remoteStartId: bigint('remote_start_id', { mode: 'number' }),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('charging_sessions_charger_tx_uq').on(t.chargePointId, t.transactionId),
    index('charging_sessions_charger_started_idx').on(t.chargePointId, t.startedAt),
    index('charging_sessions_id_tag_idx').on(t.idTag, t.startedAt),
    index('charging_sessions_transaction_idx').on(t.transactionId),
  ],
);

/** Sampled values; sessionId is null for readings outside a transaction (clock-aligned connector meters). */
export const meterValues = pgTable(
  'meter_values',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: bigint('session_id', { mode: 'number' }),
    chargePointId: text('charge_point_id').notNull(),
    evseId: integer('evse_id').notNull(),
    ts: ts('ts').notNull(),
    receivedAt: ts('received_at').notNull(),
    measurand: text('measurand').notNull(),
    phase: text('phase'),
    location: text('location'),
    context: text('context'),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
  },
  (t) => [
    index('meter_values_session_ts_idx').on(t.sessionId, t.ts),
    index('meter_values_charger_ts_idx').on(t.chargePointId, t.ts),
  ],
);
