import { createHash } from 'node:crypto';
import { AppError } from '@marque/kernel';
import { COMMAND_NAMES, canonicalJson, validateCommandParams, type CommandName } from '@marque/contracts/vehicle';

/** Which connected service (connectivity-match id) each command needs. */
export const CAPABILITY: Record<CommandName, string> = {
  'doors.lock': 'remote_doors',
  'doors.unlock': 'remote_doors',
  'hazards.on': 'remote_hazards',
  'hazards.off': 'remote_hazards',
  'lights.flash': 'remote_hazards',
  'climate.start': 'remote_climate',
  'climate.stop': 'remote_climate',
  'charging.start': 'remote_charging',
  'charging.stop': 'remote_charging',
  'navigation.destination': 'online_navigation',
  'status.refresh': 'vehicle_status',
};

export function requireIdempotencyKey(key: string | undefined): string {
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw AppError.invalidField(
      'Idempotency-Key',
      'The Idempotency-Key header is required: 1 to 200 printable characters.',
      'idempotency_key',
    );
  }
  return key;
}

export function requireCommandName(name: unknown): CommandName {
  if (typeof name !== 'string' || !(COMMAND_NAMES as readonly string[]).includes(name)) {
    throw AppError.invalidField('name', `name must be one of ${COMMAND_NAMES.join(', ')}`, 'command.unknown');
  }
  return name as CommandName;
}

/** Validates params against the contract, naming the offending field as `params.<field>`. */
export function requireParams(name: CommandName, params: unknown): Record<string, unknown> {
  const v = validateCommandParams(name, params ?? {});
  if (v.ok) return v.value;
  const [path = '/', ...rest] = v.error.split(' ');
  const message = rest.join(' ');
  const parts = path.split('/').filter(Boolean);
  const missing = /required property '([^']+)'/.exec(message)?.[1];
  if (missing) parts.push(missing);
  const field = ['params', ...parts].join('.');
  const reason = missing
    ? `${field} is required`
    : /additional properties/.test(message)
      ? `${field} has a field ${name} does not take`
      : `${field} ${message}`;
  throw AppError.invalidField(field, reason, 'command.params');
}

/** Same key with the same body is the same command; the hash is what "same body" means. */
export function requestHash(vin: string, name: string, params: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ vin, name, params })).digest('hex');
}
