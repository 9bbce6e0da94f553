import {
  checkSignal,
  parseJsonPayload,
  validateCollisionData,
  validateConnection,
  validateEvent,
  validateTelemetry,
} from '@marque/contracts/vehicle';
import { unstorableText } from '@marque/kernel';

/** Why a message was dropped; the label of the drop counter. */
export type DropReason = 'json' | 'schema' | 'signal' | 'future' | 'too_old' | 'kind';

export interface TelemetryIn {
  kind: 'telemetry';
  vin: string;
  seq: number;
  /** `iso` is `ts` in ISO 8601 with milliseconds, UTC (as stored). */
  samples: Array<{ ts: Date; iso: string; signals: Record<string, unknown> }>;
  /** The message as received: its samples' signals are stored as the car wrote them (see signalSpans). */
  payload?: Buffer;
}
export interface EventIn {
  kind: 'event';
  vin: string;
  id: string;
  type: string;
  ts: Date;
  data: Record<string, unknown> | null;
}
export interface ConnectionIn {
  kind: 'connection';
  vin: string;
  online: boolean;
  ts: Date;
}
export type IngestItem = TelemetryIn | EventIn | ConnectionIn;

export type Parsed = { ok: true; item: IngestItem } | { ok: false; reason: DropReason; detail: string };

export interface TimeLimits {
  now: Date;
  /** How far ahead of our clock a car's timestamp may be (clock drift). */
  maxFutureMs: number;
  /** How old data may be when it arrives (store and forward). */
  maxAgeMs: number;
}

const drop = (reason: DropReason, detail: string): Parsed => ({ ok: false, reason, detail });

function checkTime(iso: string, limits: TimeLimits): { ts: Date } | { reason: DropReason; detail: string } {
  const ts = new Date(iso);
  const t = ts.getTime();
  if (Number.isNaN(t)) return { reason: 'schema', detail: `bad time ${iso}` };
  if (t > limits.now.getTime() + limits.maxFutureMs) return { reason: 'future', detail: `${iso} is in the future` };
  if (t < limits.now.getTime() - limits.maxAgeMs) return { reason: 'too_old', detail: `${iso} is too old` };
  return { ts };
}

/**
 * `YYYY-MM-DDTHH:MM:SS.fffZ`: a time the schema's date-time accepted in this shape is what toISOString() would write
 * for it (four-digit year, valid date and time, milliseconds, UTC), so it is stored as received.
 */
const canonicalTime = (s: string) =>
  s.length === 24 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 46 && s.charCodeAt(23) === 90;

/** All or nothing: a message with one bad signal or time is dropped whole, so a stored seq is always complete. */
export function parseUpMessage(vin: string, kind: string, payload: Buffer | string, limits: TimeLimits): Parsed {
  const json = parseJsonPayload(payload);
  if (!json.ok) return drop('json', json.error);
  if (kind === 'telemetry') {
    const v = validateTelemetry(json.value);
    if (!v.ok) return drop('schema', v.error);
    const samples: TelemetryIn['samples'] = [];
    for (const s of v.value.samples) {
      const t = checkTime(s.ts, limits);
      if ('reason' in t) return drop(t.reason, t.detail);
      for (const name in s.signals) {
        const why = checkSignal(name, s.signals[name]);
        if (why) return drop('signal', why);
      }
      samples.push({ ts: t.ts, iso: canonicalTime(s.ts) ? s.ts : t.ts.toISOString(), signals: s.signals });
    }
    const item: TelemetryIn = { kind: 'telemetry', vin, seq: v.value.seq, samples };
    if (typeof payload !== 'string') item.payload = payload;
    return { ok: true, item };
  }
  if (kind === 'events') {
    const v = validateEvent(json.value);
    if (!v.ok) return drop('schema', v.error);
    if (v.value.type === 'collision') {
      const c = validateCollisionData(v.value.data);
      if (!c.ok) return drop('schema', `collision data ${c.error}`);
    }
    const bad = unstorableText(v.value.data);
    if (bad) return drop('schema', `data.${bad.path.join('.')} ${bad.problem}`);
    const t = checkTime(v.value.ts, limits);
    if ('reason' in t) return drop(t.reason, t.detail);
    return {
      ok: true,
      item: { kind: 'event', vin, id: v.value.id.toLowerCase(), type: v.value.type, ts: t.ts, data: v.value.data ?? null },
    };
  }
  if (kind === 'connection') {
    const v = validateConnection(json.value);
    if (!v.ok) return drop('schema', v.error);
    const t = checkTime(v.value.ts, limits);
    if ('reason' in t) return drop(t.reason, t.detail);
    return { ok: true, item: { kind: 'connection', vin, online: v.value.online, ts: t.ts } };
  }
  return drop('kind', `telemetry does not ingest ${kind}`);
}
