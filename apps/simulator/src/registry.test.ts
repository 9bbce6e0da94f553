import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from './registry';

test('the demo registry yields only vehicles with a head unit, with their secrets', () => {
  const path = fileURLToPath(new URL('../../../demo/vehicles.json', import.meta.url));
  const all = JSON.parse(readFileSync(path, 'utf8')) as { head_unit: string }[];
  const vehicles = readRegistry(path);
  assert.equal(vehicles.length, all.filter((v) => v.head_unit !== 'none').length);
  assert.ok(vehicles.every((v) => v.deviceSecret && v.headUnit !== 'none'));
  assert.equal(
    vehicles.find((v) => v.vin === 'SAUSR2ABXMA010002'),
    undefined,
    'a car without a head unit is not simulated',
  );
});

test('a CSV feed reads the same way', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marque-sim-'));
  const csv = join(dir, 'feed.csv');
  writeFileSync(
    csv,
    'vin,brand,model,model_year,powertrain,head_unit,smart_connect,market,delivery_date,device_secret\n' +
      'SAULM1AB3LA010001,Aurelia,Lumen,2020,BEV,mm19,no,DE,2020-05-20,s1\n' +
      'SAUSR2ABXMA010002,Aurelia,Serra,2021,HEV,none,no,FR,2021-02-25,s2\n',
  );
  assert.deepEqual(readRegistry(csv), [
    { vin: 'SAULM1AB3LA010001', deviceSecret: 's1', powertrain: 'BEV', headUnit: 'mm19', market: 'DE', modelYear: 2020 },
  ]);
});
