import { withCheckDigit } from '@marque/contracts';

/** A valid registry record (feed keys); override any field. */
export function aRegistryRecord(override: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vin: 'SMKAB1DEF00123456',
    brand: 'Aurelia',
    model: 'Vela',
    model_year: 2024,
    powertrain: 'PHEV',
    head_unit: 'mm21',
    smart_connect: 'no',
    market: 'GB',
    delivery_date: '2024-03-01',
    device_secret: 'a-long-device-secret-0001',
    ...override,
  };
}

/** Distinct valid VINs for bulk tests. */
export function someVins(n: number, tag = 'AB1DE'): string[] {
  const vds = tag.toUpperCase().padEnd(5, 'Z').slice(0, 5);
  return Array.from({ length: n }, (_, i) => withCheckDigit(`SMK${vds}0${String(i).padStart(8, '0')}`));
}
