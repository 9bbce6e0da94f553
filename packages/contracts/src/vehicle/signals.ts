import { signalCatalogue } from './signals.generated';

export interface SignalSpec {
  datatype: string;
  unit?: string;
  min?: number;
  max?: number;
  allowed?: readonly string[];
}

export type SignalValue = number | boolean | string | string[];

const intRanges: Record<string, [number, number]> = {
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

export { signalCatalogue };

/** Checks one signal against the catalogue: known name, VSS datatype, plausible range. Returns why it is refused, or null. */
export function checkSignal(name: string, value: unknown): string | null {
  const spec = signalCatalogue[name];
  if (!spec) return `unknown signal ${name}`;
  const dt = spec.datatype;
  if (dt === 'boolean') return typeof value === 'boolean' ? null : `${name} must be a boolean`;
  if (dt === 'string') {
    if (typeof value !== 'string') return `${name} must be a string`;
    return spec.allowed && !spec.allowed.includes(value) ? `${name} must be one of ${spec.allowed.join(', ')}` : null;
  }
  if (dt.endsWith('[]'))
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : `${name} must be a list`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a finite number`;
  const ints = intRanges[dt];
  if (ints) {
    if (!Number.isInteger(value)) return `${name} must be a whole number (${dt})`;
    if (value < ints[0] || value > ints[1]) return `${name} is out of the ${dt} range`;
  }
  if (spec.min !== undefined && value < spec.min) return `${name} is below its plausible minimum ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `${name} is above its plausible maximum ${spec.max}`;
  return null;
}
