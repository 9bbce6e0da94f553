/** The internal charging model: each OCPP version's handlers translate into these shapes. */

export type OcppVersion = '1.6' | '2.0.1';
export const OCPP_VERSIONS: readonly OcppVersion[] = ['1.6', '2.0.1'];

/** 1.6 ChargePointStatus and 2.0.1 ConnectorStatusEnumType together; stored as reported. */
export const CONNECTOR_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Occupied',
] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

/** What the network says about an id token; the RFID issue adds Expired and ConcurrentTx. */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Invalid';

/** The default measurand in both versions when a sampled value names none. */
export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export interface MeterSample {
  measurand: string;
  /** Already scaled by a 2.0.1 multiplier; units as reported (Wh, kWh, W, A, V, Percent, …). */
  value: number;
  unit: string;
  phase?: string | undefined;
  location?: string | undefined;
  context?: string | undefined;
}

export interface MeterReading {
  /** The charger's timestamp of the reading. */
  ts: Date;
  samples: MeterSample[];
}

export interface BootReport {
  vendor: string;
  model: string;
  serial?: string | undefined;
  firmware?: string | undefined;
  /** 2.0.1 BootReasonEnumType; 1.6 sends none. */
  reason?: string | undefined;
}

export interface StatusReport {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string | undefined;
  /** The charger's time of the change; 1.6 may omit it, then the receive time stands in. */
  ts?: Date | undefined;
}

export interface TransactionStart {
  /** 2.0.1: the charger's id; 1.6: absent, the platform assigns an integer. */
  transactionId?: string | undefined;
  evseId: number;
  connectorId: number;
  idTag?: string | undefined;
  ts: Date;
  meterStartWh?: number | undefined;
  readings?: MeterReading[] | undefined;
  remoteStartId?: number | undefined;
}

export interface TransactionUpdate {
  transactionId: string;
  ts: Date;
  evseId?: number | undefined;
  connectorId?: number | undefined;
  idTag?: string | undefined;
  readings?: MeterReading[] | undefined;
}

export interface TransactionEnd extends TransactionUpdate {
  meterStopWh?: number | undefined;
  reason?: string | undefined;
}

export interface MeterReport {
  evseId: number;
  transactionId?: string | undefined;
  readings: MeterReading[];
}

export interface TransactionStarted {
  transactionId: string;
  /** Present when the start named an id tag. */
  idTagStatus?: AuthorizationStatus | undefined;
}

/** A remote operation for the node that holds the charger's socket; each OCPP version translates it. */
export type RemoteCommand =
  { kind: 'start'; evseId: number; idTag: string; remoteStartId: number } | { kind: 'stop'; transactionId: string };

export type RemoteOutcome = 'Accepted' | 'Rejected';

/** Implemented by the ocpp transport; absent in a process without the ocpp role. */
export interface ChargerLink {
  /** Undefined when the charger has no socket on this node. */
  versionOf(chargePointId: string): OcppVersion | undefined;
  send(chargePointId: string, command: RemoteCommand): Promise<RemoteOutcome>;
}
