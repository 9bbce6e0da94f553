import {
  checkSignal,
  parseJsonPayload,
  validateCollisionData,
  validateConnection,
  validateEvent,
  validateTelemetry,
} from '@marque/contracts/vehicle';
import { plainCopyText } from '@marque/db';
import { unstorableText } from '@marque/kernel';
import { signalSpans } from './signal-spans';

/** Why a message was dropped; the label of the drop counter. */
export type DropReason = 'json' | 'schema' | 'signal' | 'future' | 'too_old' | 'kind';

export interface TelemetryIn {
  kind: 'telemetry';
  vin: string;
  seq: number;
  /**
   * `at` is the sample's time in milliseconds since 1970 (a number: a message waits for its batch, and a Date is six
   * times its size), `iso` the same time in ISO 8601 with milliseconds, UTC (as stored). `signals` is null for a
   * sample stored from the payload's bytes whose every reading is older than another sample's in the same message
   * (see `dropCovered`).
   */
  samples: Array<{ at: number; iso: string; signals: Record<string, unknown> | null }>;
  /** The message as received: its samples' signals are stored as the car wrote them. */
  payload?: Buffer;
  /** Where each sample's signals lie in `payload` (see signalSpans); null: serialise the parsed values instead. */
  spans?: number[] | null;
  /** `payload` needs no escaping in COPY text: the spans are copied byte for byte. */
  plain?: boolean;
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

/** The time `iso` stands for, in milliseconds since 1970, if it lies within the limits. */
function checkTime(iso: string, limits: TimeLimits): { at: number } | { reason: DropReason; detail: string } {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return { reason: 'schema', detail: `bad time ${iso}` };
  if (at > limits.now.getTime() + limits.maxFutureMs) return { reason: 'future', detail: `${iso} is in the future` };
  if (at < limits.now.getTime() - limits.maxAgeMs) return { reason: 'too_old', detail: `${iso} is too old` };
  return { at };
}

/**
 * `YYYY-MM-DDTHH:MM:SS.fffZ`: a time the schema's date-time accepted in this shape is what toISOString() would write
 * for it (four-digit year, valid date and time, milliseconds, UTC), so it is stored as received.
 */
const canonicalTime = (s: string) =>
  s.length === 24 && s.charCodeAt(10) === 84 && s.charCodeAt(19) === 46 && s.charCodeAt(23) === 90;

/**
 * A message waits in memory until its batch is committed (a few thousand of them under load): the parsed signals of
 * a sample that cannot change the vehicle's state are let go at once. Per signal the state keeps the newest reading,
 * the first of equal times (see latestSignals). Cars send samples of the same signals, so one sample usually holds
 * every winning reading: the newest, first of equal times. Another sample is covered when that one has each of its
 * signals and it is not newer; anything else keeps its signals (keeping is always right). Only for samples whose
 * stored text comes from the payload's bytes.
 */
function dropCovered(samples: TelemetryIn['samples']) {
  let w = 0;
  for (let j = 1; j < samples.length; j++) if (samples[j]!.at > samples[w]!.at) w = j;
  const newest = samples[w]!.signals!;
  for (let j = 0; j < samples.length; j++) {
    const s = samples[j]!;
    if (j === w) continue;
    let covered = true;
    for (const name in s.signals) {
      if (!Object.hasOwn(newest, name)) {
        covered = false;
        break;
      }
    }
    if (covered) s.signals = null;
  }
}

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
      samples.push({ at: t.at, iso: canonicalTime(s.ts) ? s.ts : new Date(t.at).toISOString(), signals: s.signals });
    }
    const item: TelemetryIn = { kind: 'telemetry', vin, seq: v.value.seq, samples };
    if (typeof payload !== 'string') {
      item.payload = payload;
      item.spans = signalSpans(payload, samples.length);
      item.plain = item.spans !== null && plainCopyText(payload);
      if (item.plain) dropCovered(samples);
    }
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
      item: { kind: 'event', vin, id: v.value.id.toLowerCase(), type: v.value.type, ts: new Date(t.at), data: v.value.data ?? null },
    };
  }
  if (kind === 'connection') {
    const v = validateConnection(json.value);
    if (!v.ok) return drop('schema', v.error);
    const t = checkTime(v.value.ts, limits);
    if ('reason' in t) return drop(t.reason, t.detail);
    return { ok: true, item: { kind: 'connection', vin, online: v.value.online, ts: new Date(t.at) } };
  }
  return drop('kind', `telemetry does not ingest ${kind}`);
}
