/** Topic layout of the vehicle ↔ cloud contract, version 1 (ARCHITECTURE.md). Extend, never rename. */
export const UP_KINDS = ['telemetry', 'events', 'command-results', 'connection'] as const;
export type UpKind = (typeof UP_KINDS)[number];

export const topics = {
  up: (vin: string, kind: UpKind) => `v1/vehicles/${vin}/up/${kind}`,
  commands: (vin: string) => `v1/vehicles/${vin}/down/commands`,
  /** What the platform subscribes to (with `$share/ingest/` in front on a broker that supports shared subscriptions). */
  allUp: 'v1/vehicles/+/up/#',
};

export const vehicleClientId = (vin: string) => `veh-${vin}`;

/** Splits `v1/vehicles/{VIN}/up/{kind}`; null for anything else. */
export function parseUpTopic(topic: string): { vin: string; kind: UpKind } | null {
  const m = /^v1\/vehicles\/([A-HJ-NPR-Z0-9]{17})\/up\/([a-z-]+)$/.exec(topic);
  if (!m || !(UP_KINDS as readonly string[]).includes(m[2]!)) return null;
  return { vin: m[1]!, kind: m[2] as UpKind };
}
