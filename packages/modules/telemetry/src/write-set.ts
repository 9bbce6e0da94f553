import type { ConnectionIn, TelemetryIn } from './ingest-validation';

/** First occurrence of each key wins (a duplicate within one batch is the same message twice). */
export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One row per (vin, signal), the newest: a multi-row upsert may touch each row only once. */
export function latestSignals(telemetry: TelemetryIn[]): Array<{ vin: string; signal: string; value: unknown; ts: Date }> {
  const latest = new Map<string, { vin: string; signal: string; value: unknown; ts: Date }>();
  for (const t of telemetry) {
    for (const s of t.samples) {
      for (const [signal, value] of Object.entries(s.signals)) {
        const k = `${t.vin}\u0000${signal}`;
        const cur = latest.get(k);
        if (!cur || s.ts > cur.ts) latest.set(k, { vin: t.vin, signal, value, ts: s.ts });
      }
    }
  }
  return [...latest.values()];
}

export function latestConnections(conns: ConnectionIn[]): ConnectionIn[] {
  const latest = new Map<string, ConnectionIn>();
  for (const c of conns) {
    const cur = latest.get(c.vin);
    if (!cur || c.ts > cur.ts) latest.set(c.vin, c);
  }
  return [...latest.values()];
}

/** VINs that showed signs of life (an offline will is the broker speaking, not the car). */
export function latestSeen(input: {
  telemetry: TelemetryIn[];
  events: Array<{ vin: string }>;
  connections: ConnectionIn[];
}): string[] {
  const vins = new Set<string>();
  input.telemetry.forEach((t) => vins.add(t.vin));
  input.events.forEach((e) => vins.add(e.vin));
  input.connections.filter((c) => c.online).forEach((c) => vins.add(c.vin));
  return [...vins];
}
