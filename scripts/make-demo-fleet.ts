/**
 * Writes demo/vehicles.json, the demo registry feed imported on first start: 60 vehicles across five models,
 * all four powertrains, every head-unit generation, with and without Smart Connect, in eight markets.
 * Deterministic (seeded), so the demo fleet and the simulator agree on VINs and device secrets.
 * Run: node --import tsx scripts/make-demo-fleet.ts
 */
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { withCheckDigit } from '../packages/contracts/src/vin';

const models = [
  { model: 'Vela', powertrain: 'PHEV', code: 'VL' },
  { model: 'Lumen', powertrain: 'BEV', code: 'LM' },
  { model: 'Serra', powertrain: 'HEV', code: 'SR' },
  { model: 'Tarn', powertrain: 'ICE', code: 'TN' },
  { model: 'Orla', powertrain: 'BEV', code: 'RL' },
] as const;
const markets = ['GB', 'DE', 'FR', 'NL', 'IT', 'ES', 'SE', 'US'];
const headUnits = ['mm21', 'mm21', 'mm19', 'mm19', 'mm16', 'mm21', 'none', 'mm19'] as const;

let seed = 20261127;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const vehicles = Array.from({ length: 60 }, (_, i) => {
  const m = models[i % models.length]!;
  const market = markets[i % markets.length]!;
  const headUnit = headUnits[(i * 7) % headUnits.length]!;
  const modelYear = 2019 + (i % 7);
  // Smart Connect came with the 2023 models; its 4-year term keeps the demo's Smart Connect cars in service.
  const smartConnect = headUnit === 'mm21' && modelYear >= 2023;
  const wmi = market === 'US' ? '5AU' : 'SAU';
  const yearCode = 'KLMNPRST'[modelYear - 2019]!;
  const vin = withCheckDigit(`${wmi}${m.code}${String(i % 10)}AB0${yearCode}A${String(10000 + i).padStart(6, '0')}`);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const delivery = `${Math.min(modelYear, 2026)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return {
    vin,
    brand: 'Aurelia',
    model: m.model,
    model_year: modelYear,
    powertrain: m.powertrain,
    head_unit: headUnit,
    smart_connect: smartConnect ? 'yes' : 'no',
    market,
    delivery_date: i % 17 === 5 ? '' : delivery,
    device_secret: `demo-${createHash('sha256').update(`marque-demo-${vin}`).digest('base64url').slice(0, 32)}`,
  };
});

writeFileSync(new URL('../demo/vehicles.json', import.meta.url), `${JSON.stringify(vehicles, null, 2)}\n`);
console.log(`wrote ${vehicles.length} vehicles to demo/vehicles.json`);
