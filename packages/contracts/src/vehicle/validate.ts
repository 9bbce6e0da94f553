import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
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

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

function validator<S extends TSchema>(schema: S) {
  const fn: ValidateFunction = ajv.compile(schema);
  return (value: unknown): Validation<Static<S>> => {
    if (fn(value)) return { ok: true, value: value as Static<S> };
    const e = fn.errors?.[0];
    return { ok: false, error: `${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}` };
  };
}

/** Compiled once; both the server and the simulator validate with these. */
export const validateTelemetry = validator(TelemetryMessage);
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
