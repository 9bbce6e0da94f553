import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadConfig, ConfigError } from './config';

test('defaults need no configuration at all', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.mqttPort, 1883);
  assert.equal(c.ocppPort, 9220);
  assert.equal(c.demo, true);
  assert.equal(c.demoFleet, true);
  assert.equal(loadConfig({ DEMO_FLEET: '0' }).demoFleet, false);
  assert.equal(c.databaseUrl, undefined);
});

const bad: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ MQTT_PORT: '-1' }, 'MQTT_PORT'],
  [{ OCPP_PORT: '9220x' }, 'OCPP_PORT'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
  [{ SMTP_URL: 'ftp://x' }, 'SMTP_URL'],
  [{ MARQUE_DEMO: 'maybe' }, 'MARQUE_DEMO'],
  [{ DEMO_FLEET: 'some' }, 'DEMO_FLEET'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ MARQUE_CONFIG: '/nonexistent/marque.json' }, 'MARQUE_CONFIG'],
  [{ TELEMETRY_RETENTION_DAYS: '0' }, 'TELEMETRY_RETENTION_DAYS'],
  [{ TELEMETRY_MAX_AGE_DAYS: '30', TELEMETRY_RETENTION_DAYS: '7' }, 'TELEMETRY_MAX_AGE_DAYS'],
  [{ COMMAND_SIGNING_KEY: 'not a key' }, 'COMMAND_SIGNING_KEY'],
  [{ COMMAND_SIGNING_KEY_FILE: '/nonexistent/key.pem' }, 'COMMAND_SIGNING_KEY_FILE'],
  [{ NODE_ENV: 'production', MARQUE_DEMO: '0' }, 'COMMAND_SIGNING_KEY'],
  [{ COMMAND_TTL_SECONDS: '5' }, 'COMMAND_TTL_SECONDS'],
  [{ MQTT_INTERNAL_TOKEN: 'short' }, 'MQTT_INTERNAL_TOKEN'],
];
for (const [env, variable] of bad) {
  test(`${JSON.stringify(env)} stops start-up naming ${variable}`, () => {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && e.variable === variable && e.message.startsWith(`${variable}: `),
    );
  });
}

test('a config file is read and the environment wins over it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marque-cfg-'));
  const file = join(dir, 'marque.json');
  writeFileSync(file, JSON.stringify({ PORT: 4000, MQTT_PORT: 2883, MARQUE_DEMO: false }));
  const c = loadConfig({ MARQUE_CONFIG: file, PORT: '5000' });
  assert.equal(c.port, 5000);
  assert.equal(c.mqttPort, 2883);
  assert.equal(c.demo, false);
});
