import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { resolve } from 'node:path';

/** The whole configuration, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  mqttPort: number;
  mqttHost: string;
  /** The ocpp role's own listener when the api role does not run in the same process (default 9220). */
  ocppPort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  /** MQTT_DYNSEC=1: MQTT_URL is a Mosquitto with the dynamic-security plugin; registry imports provision vehicles in it. */
  mqttDynsec: boolean;
  smtpUrl: string | undefined;
  smtpPort: number;
  demo: boolean;
  /** Demo mode only: run a small simulated fleet in-process (DEMO_FLEET=0 or `marque start --no-fleet` turn it off). */
  demoFleet: boolean;
  publicUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  tileUrl: string;
  bodyLimitBytes: number;
  /** When true a busy port is replaced by the next free one (the demo never fails on a busy port). */
  portFallback: boolean;
  /** The vehicle link (telemetry, commands); see docs/protocol/vehicle-mqtt.md. */
  vehicleLink: VehicleLinkConfig;
  /** Web Push: VAPID keys (unset: generated and kept in DATA_DIR), contact subject, loopback endpoints outside production. */
  push: PushConfig;
}

export interface PushConfig {
  /** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (base64url); the private key is never logged. */
  vapid: { publicKey: string; privateKey: string } | undefined;
  subject: string;
  allowLoopbackEndpoints: boolean;
}

export interface VehicleLinkConfig {
  telemetryRetentionDays: number;
  telemetryMaxAgeDays: number;
  /** Ed25519 private key PEM (COMMAND_SIGNING_KEY or COMMAND_SIGNING_KEY_FILE); never logged. */
  commandSigningKeyPem: string | undefined;
  /** Demo/development may generate and store a key; production (NODE_ENV=production, MARQUE_DEMO=0) must configure one. */
  allowGeneratedCommandKey: boolean;
  commandTtlSeconds: number;
  /** Shared secret an external broker's auth plugin sends to /internal/mqtt/*; unset disables those routes. */
  mqttInternalToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

function port(src: Source, name: string, def: number): number {
  const raw = src[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(name, `must be a port number from 0 to 65535, got "${raw}"`);
  return n;
}

function url(src: Source, name: string, protocols: string[]): string | undefined {
  const raw = src[name];
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols.map((p) => `${p}//…`).join(' or ')})`);
  }
  if (!protocols.includes(u.protocol))
    throw new ConfigError(name, `must start with ${protocols.join(' or ')}, got "${u.protocol}"`);
  return raw;
}

function bool(src: Source, name: string, def: boolean): boolean {
  const raw = src[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1 or 0 (true/false), got "${raw}"`);
}

function int(src: Source, name: string, def: number, min: number, max: number): number {
  const raw = src[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function commandKey(src: Source): string | undefined {
  if (src.COMMAND_SIGNING_KEY && src.COMMAND_SIGNING_KEY_FILE) {
    throw new ConfigError('COMMAND_SIGNING_KEY', 'set COMMAND_SIGNING_KEY or COMMAND_SIGNING_KEY_FILE, not both');
  }
  const name = src.COMMAND_SIGNING_KEY_FILE ? 'COMMAND_SIGNING_KEY_FILE' : 'COMMAND_SIGNING_KEY';
  let pem = src.COMMAND_SIGNING_KEY;
  if (src.COMMAND_SIGNING_KEY_FILE) {
    try {
      pem = readFileSync(src.COMMAND_SIGNING_KEY_FILE, 'utf8');
    } catch (e) {
      throw new ConfigError(name, `cannot read ${src.COMMAND_SIGNING_KEY_FILE}: ${(e as Error).message}`);
    }
  }
  if (!pem) return undefined;
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
  } catch {
    throw new ConfigError(name, 'must be an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519)');
  }
  return pem;
}

function vehicleLink(src: Source, demo: boolean): VehicleLinkConfig {
  const telemetryRetentionDays = int(src, 'TELEMETRY_RETENTION_DAYS', 365, 1, 3650);
  const telemetryMaxAgeDays = int(src, 'TELEMETRY_MAX_AGE_DAYS', 7, 1, 365);
  if (telemetryMaxAgeDays > telemetryRetentionDays) {
    throw new ConfigError('TELEMETRY_MAX_AGE_DAYS', 'must not exceed TELEMETRY_RETENTION_DAYS');
  }
  const commandSigningKeyPem = commandKey(src);
  const production = src.NODE_ENV === 'production' && !demo;
  if (production && !commandSigningKeyPem) {
    throw new ConfigError('COMMAND_SIGNING_KEY', 'is required in production (NODE_ENV=production with MARQUE_DEMO=0)');
  }
  const token = src.MQTT_INTERNAL_TOKEN || undefined;
  if (token !== undefined && token.length < 24) throw new ConfigError('MQTT_INTERNAL_TOKEN', 'must be at least 24 characters');
  return {
    telemetryRetentionDays,
    telemetryMaxAgeDays,
    commandSigningKeyPem,
    allowGeneratedCommandKey: !production,
    commandTtlSeconds: int(src, 'COMMAND_TTL_SECONDS', 60, 10, 3600),
    mqttInternalToken: token,
  };
}

function mqttDynsec(src: Source): boolean {
  const on = bool(src, 'MQTT_DYNSEC', false);
  if (on && !src.MQTT_URL) throw new ConfigError('MQTT_DYNSEC', 'needs MQTT_URL (the Mosquitto to provision vehicles in)');
  return on;
}

function push(src: Source): PushConfig {
  const pub = src.VAPID_PUBLIC_KEY || undefined;
  const priv = src.VAPID_PRIVATE_KEY || undefined;
  if (!!pub !== !!priv) throw new ConfigError(pub ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY', 'set both VAPID keys or neither');
  const b64 = (name: string, v: string, len: number) => {
    if (!/^[A-Za-z0-9_-]+$/.test(v) || Buffer.from(v, 'base64url').length !== len) {
      throw new ConfigError(name, `must be a base64url VAPID key of ${len} bytes (npx web-push generate-vapid-keys)`);
    }
  };
  if (pub && priv) {
    b64('VAPID_PUBLIC_KEY', pub, 65);
    b64('VAPID_PRIVATE_KEY', priv, 32);
  }
  const subject = src.VAPID_SUBJECT || 'mailto:operator@marque.invalid';
  if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(subject)) {
    throw new ConfigError('VAPID_SUBJECT', 'must be a mailto: address or an https: URL to reach the operator');
  }
  return {
    vapid: pub && priv ? { publicKey: pub, privateKey: priv } : undefined,
    subject,
    allowLoopbackEndpoints: src.NODE_ENV !== 'production',
  };
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads the optional JSON config file named by MARQUE_CONFIG; environment variables win over it. */
function fileSource(env: Source): Source {
  const path = env.MARQUE_CONFIG;
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError('MARQUE_CONFIG', `cannot read ${path} as JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('MARQUE_CONFIG', `${path} must hold a JSON object of VARIABLE: value`);
  }
  const out: Source = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new ConfigError('MARQUE_CONFIG', `${path}: "${k}" is not a variable name`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new ConfigError(k, `in ${path} must be a string, number or boolean`);
    }
    out[k] = String(v);
  }
  return out;
}

export function loadConfig(env: Source = process.env): Config {
  const src: Source = { ...fileSource(env), ...env };
  const logLevel = (src.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!levels.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${levels.join(', ')}`);
  const bodyLimitKb = Number(src.BODY_LIMIT_KB ?? 1024);
  if (!Number.isInteger(bodyLimitKb) || bodyLimitKb < 1 || bodyLimitKb > 102400) {
    throw new ConfigError('BODY_LIMIT_KB', 'must be a whole number of kilobytes from 1 to 102400');
  }
  const tileUrl = src.TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  if (!tileUrl.includes('{z}')) throw new ConfigError('TILE_URL', 'must be a tile URL template with {z}, {x} and {y}');
  return {
    port: port(src, 'PORT', 3000),
    host: src.HOST ?? '0.0.0.0',
    mqttPort: port(src, 'MQTT_PORT', 1883),
    mqttHost: src.MQTT_HOST ?? '0.0.0.0',
    ocppPort: port(src, 'OCPP_PORT', 9220),
    dataDir: resolve(src.DATA_DIR ?? './data'),
    databaseUrl: url(src, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    mqttUrl: url(src, 'MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttDynsec: mqttDynsec(src),
    smtpUrl: url(src, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpPort: port(src, 'SMTP_PORT', 2525),
    demo: bool(src, 'MARQUE_DEMO', true),
    demoFleet: bool(src, 'DEMO_FLEET', true),
    publicUrl: url(src, 'PUBLIC_URL', ['http:', 'https:']),
    logLevel,
    tileUrl,
    bodyLimitBytes: bodyLimitKb * 1024,
    portFallback: bool(src, 'PORT_FALLBACK', true),
    vehicleLink: vehicleLink(src, bool(src, 'MARQUE_DEMO', true)),
    push: push(src),
  };
}
