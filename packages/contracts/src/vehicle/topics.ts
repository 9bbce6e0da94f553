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
  // test() and fixed offsets rather than exec(): every message's topic goes through here.
  if (!UP_TOPIC.test(topic)) return null;
  const kind = topic.slice(UP_KIND_AT);
  if (!(UP_KINDS as readonly string[]).includes(kind)) return null;
  return { vin: topic.slice(UP_VIN_AT, UP_VIN_AT + 17), kind: kind as UpKind };
}
const UP_TOPIC = /^v1\/vehicles\/[A-HJ-NPR-Z0-9]{17}\/up\/[a-z-]+$/;
const UP_VIN_AT = 'v1/vehicles/'.length;
const UP_KIND_AT = UP_VIN_AT + 17 + '/up/'.length;
