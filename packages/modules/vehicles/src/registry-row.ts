import { checkVin, HEAD_UNITS, POWERTRAINS, type RegistryVehicle, type HeadUnit, type Powertrain } from '@marque/contracts';

export type RowResult = { ok: true; vehicle: RegistryVehicle } | { ok: false; field: string; reason: string };

const yes = new Set(['yes', 'y', 'true', '1']);
const no = new Set(['no', 'n', 'false', '0', '']);

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '\u0000';
}

function fail(field: string, reason: string): RowResult {
  return { ok: false, field, reason };
}

/** Validates one record of the factory feed (CSV or JSON keys as in REGISTRY_COLUMNS). */
export function parseRegistryRow(record: Record<string, unknown>, currentYear: number): RowResult {
  const vinCheck = checkVin(str(record.vin));
  if (!vinCheck.ok) return fail('vin', vinCheck.message);

  const brand = str(record.brand);
  if (!brand || brand.length > 60 || brand.includes('\u0000')) return fail('brand', 'brand is required (at most 60 characters)');
  const model = str(record.model);
  if (!model || model.length > 60 || model.includes('\u0000')) return fail('model', 'model is required (at most 60 characters)');

  const modelYear = Number(str(record.model_year));
  if (!Number.isInteger(modelYear) || modelYear < 1990 || modelYear > currentYear + 2) {
    return fail('model_year', `model_year must be a year between 1990 and ${currentYear + 2}`);
  }

  const powertrain = str(record.powertrain).toUpperCase();
  if (!(POWERTRAINS as readonly string[]).includes(powertrain)) {
    return fail('powertrain', `unknown powertrain "${str(record.powertrain)}" (expected ${POWERTRAINS.join(', ')})`);
  }

  const headUnit = str(record.head_unit).toLowerCase();
  if (!(HEAD_UNITS as readonly string[]).includes(headUnit)) {
    return fail('head_unit', `unknown head unit "${str(record.head_unit)}" (expected ${HEAD_UNITS.join(', ')})`);
  }

  const sc = str(record.smart_connect).toLowerCase();
  if (!yes.has(sc) && !no.has(sc)) return fail('smart_connect', `smart_connect must be yes or no, not "${sc}"`);
  const smartConnect = yes.has(sc);
  if (smartConnect && headUnit !== 'mm21') return fail('smart_connect', 'Smart Connect needs the mm21 head unit');

  const market = str(record.market).toUpperCase();
  if (!/^[A-Z]{2}$/.test(market)) return fail('market', 'market must be an ISO 3166-1 alpha-2 country code such as GB or DE');

  const d = str(record.delivery_date);
  let deliveryDate: string | null = null;
  if (d) {
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) {
      return fail('delivery_date', `delivery_date must be a date as YYYY-MM-DD, not "${d}"`);
    }
    if (parsed.getUTCFullYear() < modelYear - 2)
      return fail('delivery_date', 'delivery_date is more than two years before the model year');
    deliveryDate = d;
  }

  const deviceSecret = str(record.device_secret);
  if (deviceSecret.length < 16 || deviceSecret.length > 200 || !/^[\x21-\x7e]+$/.test(deviceSecret)) {
    return fail('device_secret', 'device_secret must be 16 to 200 printable characters without spaces');
  }

  return {
    ok: true,
    vehicle: {
      vin: vinCheck.vin,
      brand,
      model,
      modelYear,
      powertrain: powertrain as Powertrain,
      headUnit: headUnit as HeadUnit,
      smartConnect,
      market,
      deliveryDate,
      deviceSecret,
    },
  };
}
