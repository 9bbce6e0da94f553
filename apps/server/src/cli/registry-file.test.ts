import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openRegistryFile, RegistryFileError } from './registry-file';

const dir = mkdtempSync(join(tmpdir(), 'marque-reg-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const all = async (it: AsyncIterable<{ line: number; record: Record<string, unknown> }>) => {
  const out = [];
  for await (const r of it) out.push(r);
  return out;
};

test('CSV rows come with their file line numbers', async () => {
  const p = file(
    'a.csv',
    'vin,brand,model,model_year,powertrain,head_unit,smart_connect,market,delivery_date,device_secret\n' +
      'SAUVL0AB6KA010000,Aurelia,Vela,2019,PHEV,mm21,no,GB,2019-04-02,secret-secret-secret\n\n' +
      '"SAULM1AB3LA010001","Aurelia","Lumen, Long Range",2020,BEV,mm21,yes,DE,,secret-secret-secret\n',
  );
  const { total, records } = await openRegistryFile(p);
  const rows = await all(records);
  assert.equal(total, 2);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.vin, r.record.model]),
    [
      [2, 'SAUVL0AB6KA010000', 'Vela'],
      [4, 'SAULM1AB3LA010001', 'Lumen, Long Range'],
    ],
  );
});

test('unreadable files are one clear error', async () => {
  await assert.rejects(openRegistryFile(join(dir, 'missing.csv')), RegistryFileError);
  await assert.rejects(openRegistryFile(file('b.json', '{not json')), /not valid JSON/);
  await assert.rejects(openRegistryFile(file('c.json', '{"vin":"x"}')), /JSON array/);
  await assert.rejects(openRegistryFile(file('d.csv', 'vin,brand\nX,Y\n')), /header lacks model/);
  await assert.rejects(openRegistryFile(file('e.txt', 'hello')), /\.csv or \.json/);
});

test('JSON elements that are not objects still yield a rejectable record', async () => {
  const { records } = await openRegistryFile(file('f.json', '[{"vin":"A"}, 42, null]'));
  const rows = await all(records);
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 3],
  );
  assert.equal(rows[1]!.record.vin, '');
});
