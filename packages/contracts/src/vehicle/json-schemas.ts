import { fileURLToPath } from 'node:url';
import {
  TelemetryMessage,
  EventMessage,
  CollisionData,
  CommandResultMessage,
  ConnectionMessage,
  CommandMessage,
  CommandParams,
} from './payloads';

/** Where `npm run schemas` writes the published JSON Schemas (docs/protocol/schemas). */
export const schemasDir = fileURLToPath(new URL('../../../../docs/protocol/schemas', import.meta.url));

const doc = (name: string, title: string, schema: object) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://marque.dev/protocol/v1/${name}.json`,
  title,
  // JSON round trip drops TypeBox's symbol keys, leaving plain JSON Schema.
  ...(JSON.parse(JSON.stringify(schema)) as object),
});

/** File name → file text of every payload schema of the vehicle contract, version 1. */
export function vehicleJsonSchemaFiles(): Record<string, string> {
  const docs = {
    telemetry: doc('telemetry', 'v1/vehicles/{VIN}/up/telemetry', TelemetryMessage),
    event: doc('event', 'v1/vehicles/{VIN}/up/events', EventMessage),
    'collision-data': doc('collision-data', 'data of a collision event', CollisionData),
    'command-result': doc('command-result', 'v1/vehicles/{VIN}/up/command-results', CommandResultMessage),
    connection: doc('connection', 'v1/vehicles/{VIN}/up/connection', ConnectionMessage),
    command: doc('command', 'v1/vehicles/{VIN}/down/commands', CommandMessage),
    'command-params': doc('command-params', 'params of each command, by name', { type: 'object', properties: CommandParams }),
  };
  return Object.fromEntries(Object.entries(docs).map(([name, d]) => [`${name}.json`, `${JSON.stringify(d, null, 2)}\n`]));
}
