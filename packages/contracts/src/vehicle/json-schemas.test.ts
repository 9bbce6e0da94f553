import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir, vehicleJsonSchemaFiles } from './json-schemas';

test('the committed JSON Schemas in docs/protocol/schemas match the contract (run `npm run schemas`)', () => {
  const expected = vehicleJsonSchemaFiles();
  assert.deepEqual(
    readdirSync(schemasDir)
      .filter((f) => f.endsWith('.json'))
      .sort(),
    Object.keys(expected).sort(),
  );
  for (const [name, text] of Object.entries(expected)) {
    assert.equal(readFileSync(join(schemasDir, name), 'utf8'), text, `${name} is out of date: run npm run schemas`);
  }
});
