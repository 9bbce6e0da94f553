// Writes the vehicle contract's JSON Schemas into docs/protocol/schemas (npm run schemas); a test fails when they drift.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir, vehicleJsonSchemaFiles } from '../packages/contracts/src/vehicle/json-schemas';

mkdirSync(schemasDir, { recursive: true });
for (const [name, text] of Object.entries(vehicleJsonSchemaFiles())) writeFileSync(join(schemasDir, name), text);
console.log(`wrote ${Object.keys(vehicleJsonSchemaFiles()).length} schemas to ${schemasDir}`);
