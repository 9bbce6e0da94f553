import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runCli, tempDataDir } from '../support/server-process';

const env: Record<string, string> = process.env.MARQUE_TEST_DATABASE_URL ? {} : { DATA_DIR: tempDataDir() };
const dir = mkdtempSync(join(tmpdir(), 'marque-import-'));
const header = 'vin,brand,model,model_year,powertrain,head_unit,smart_connect,market,delivery_date,device_secret';

test('import reports bad rows by line, keeps the good ones, and is idempotent', async () => {
  const file = join(dir, 'feed.csv');
  writeFileSync(
    file,
    [
      header,
      'SAUTN9ZZ0SA000001,Aurelia,Tarn,2025,ICE,mm19,no,FR,2025-02-01,secret-secret-0001',
      'SAUTN9ZZ0SA00000I,Aurelia,Tarn,2025,ICE,mm19,no,FR,2025-02-01,secret-secret-0002',
      'SAUTN9ZZ0SA000003,Aurelia,Tarn,2025,DIESEL,mm19,no,FR,2025-02-01,secret-secret-0003',
      'SAUTN9ZZ0SA000004,Aurelia,Tarn,2025,ICE,mm19,no,FR,01/02/2025,secret-secret-0004',
      'SAUTN9ZZ0SA000005,Aurelia,Tarn,2025,BEV,mm21,yes,NL,,secret-secret-0005',
    ].join('\n'),
  );
  const dbEnv: Record<string, string> = process.env.MARQUE_TEST_DATABASE_URL
    ? { DATABASE_URL: process.env.MARQUE_TEST_DATABASE_URL.replace(/\/[^/]*$/, '/marque_cli_import') }
    : env;
  if (process.env.MARQUE_TEST_DATABASE_URL) {
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: process.env.MARQUE_TEST_DATABASE_URL });
    await c.connect();
    await c.query('drop database if exists marque_cli_import with (force)');
    await c.query('create database marque_cli_import');
    await c.end();
  }
  const first = await runCli(['vehicles', 'import', file], dbEnv);
  assert.equal(first.code, 3, first.out);
  assert.match(first.out, /read 5: imported 2, updated 0, unchanged 0, rejected 3/);
  assert.match(first.out, /line 3 .*vin: A VIN never contains the letters I, O or Q/);
  assert.match(first.out, /line 4 .*powertrain: unknown powertrain "DIESEL"/);
  assert.match(first.out, /line 5 .*delivery_date/);

  const again = await runCli(['vehicles', 'import', file], dbEnv);
  assert.match(again.out, /imported 0, updated 0, unchanged 2, rejected 3/);
});

test('an unreadable file is one clear error with a non-zero exit', async () => {
  const r = await runCli(['vehicles', 'import', join(dir, 'nope.csv')], env);
  assert.equal(r.code, 1);
  assert.match(r.out, /Cannot read .*nope\.csv/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"oops":');
  const r2 = await runCli(['vehicles', 'import', bad], env);
  assert.equal(r2.code, 1);
  assert.match(r2.out, /not valid JSON/);
});

test('every command has --help', async () => {
  for (const args of [['--help'], ['start', '--help'], ['server', '--help'], ['migrate', '--help'], ['vehicles', 'import', '--help']]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.out, /Usage: marque/);
  }
});
