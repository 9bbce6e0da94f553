import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { TSchema, Static } from '@sinclair/typebox';
import {
  TelemetryMessage,
  EventMessage,
  CollisionData,
  CommandResultMessage,
  ConnectionMessage,
  CommandMessage,
  CommandParams,
  type CommandName,
} from './payloads';

// ajv-formats ships CommonJS; its function arrives under .default through ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (a: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: false, strict: false }));
ajv.addFormat('date-time', { ...(fullFormats['date-time'] as object), validate: dateTime });

const fullDateTime = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in the ASCII digits s[from, to), or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * JSON Schema's `date-time` (RFC 3339), exactly as ajv-formats checks it, with a fast path for what cars send:
 * `YYYY-MM-DDTHH:MM:SS[.fff]Z`. ajv-formats splits the string and runs two regular expressions with capture
 * groups on every timestamp (five per telemetry message): a few hundred bytes of garbage each. The fast path
 * answers only "valid", for a form and ranges ajv-formats accepts too; anything else (other offsets, leap seconds,
 * invalid dates) goes to ajv-formats' own check, so the format means what it meant.
 */
export function dateTime(s: string): boolean {
  const n = s.length;
  const plain = n === 20 || (n === 24 && s.charCodeAt(19) === 46); // '.'
  if (
    plain &&
    s.charCodeAt(4) === 45 && // '-'
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 && // 'T'
    s.charCodeAt(13) === 58 && // ':'
    s.charCodeAt(16) === 58 &&
    s.charCodeAt(n - 1) === 90 // 'Z'
  ) {
    const year = digits(s, 0, 4);
    const month = digits(s, 5, 7);
    const day = digits(s, 8, 10);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month]!) &&
      digits(s, 11, 13) >= 0 &&
      digits(s, 11, 13) <= 23 &&
      digits(s, 14, 16) >= 0 &&
      digits(s, 14, 16) <= 59 &&
      digits(s, 17, 19) >= 0 &&
      digits(s, 17, 19) <= 59 &&
      (n === 20 || digits(s, 20, 23) >= 0)
    )
      return true;
  }
  return fullDateTime(s);
}

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

function validator<S extends TSchema>(schema: S) {
  const fn: ValidateFunction = ajv.compile(schema);
  return (value: unknown): Validation<Static<S>> => {
    if (fn(value)) return { ok: true, value: value as Static<S> };
    const e = fn.errors?.[0];
    return { ok: false, error: `${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}` };
  };
}

/**
 * The telemetry schema checked in two parts: ajv without the signal count bounds, then the counts by a loop. ajv
 * checks minProperties and maxProperties with Object.keys: two arrays of every sample's signal names per sample, the
 * largest garbage of the ingest path after JSON.parse itself. The same messages pass (validate-equivalence.test.ts).
 */
const signalsSchema = TelemetryMessage.properties.samples.items.properties.signals;
const SIGNALS_MIN = signalsSchema.minProperties!;
const SIGNALS_MAX = signalsSchema.maxProperties!;
const telemetryShape = validator(
  (() => {
    const shape = structuredClone(TelemetryMessage);
    delete shape.properties.samples.items.properties.signals.minProperties;
    delete shape.properties.samples.items.properties.signals.maxProperties;
    return shape;
  })(),
);

/** Compiled once; both the server and the simulator validate with these. */
export function validateTelemetry(value: unknown): Validation<Static<typeof TelemetryMessage>> {
  const v = telemetryShape(value);
  if (!v.ok) return v;
  const samples = v.value.samples;
  for (let i = 0; i < samples.length; i++) {
    const signals = samples[i]!.signals;
    let n = 0;
    for (const name in signals) if (Object.hasOwn(signals, name)) n++;
    if (n < SIGNALS_MIN) return { ok: false, error: `/samples/${i}/signals must NOT have fewer than ${SIGNALS_MIN} properties` };
    if (n > SIGNALS_MAX) return { ok: false, error: `/samples/${i}/signals must NOT have more than ${SIGNALS_MAX} properties` };
  }
  return v;
}
export const validateEvent = validator(EventMessage);
export const validateCollisionData = validator(CollisionData);
export const validateCommandResult = validator(CommandResultMessage);
export const validateConnection = validator(ConnectionMessage);
export const validateCommand = validator(CommandMessage);

const paramValidators = Object.fromEntries(Object.entries(CommandParams).map(([n, s]) => [n, validator(s)])) as Record<
  CommandName,
  (v: unknown) => Validation<Record<string, unknown>>
>;

export function validateCommandParams(name: CommandName, params: unknown): Validation<Record<string, unknown>> {
  return paramValidators[name](params);
}

/** Parses a raw MQTT payload as JSON, refusing oversized or non-object payloads before parsing. */
export function parseJsonPayload(payload: Buffer | string, maxBytes = 256 * 1024): Validation<unknown> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > maxBytes) return { ok: false, error: `payload of ${size} bytes exceeds ${maxBytes}` };
  try {
    const v: unknown = JSON.parse(payload.toString());
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'payload must be a JSON object' };
    return { ok: true, value: v };
  } catch {
    return { ok: false, error: 'payload is not valid JSON' };
  }
}
