// Creates (once per migration set) the migrated template that every test database is cloned from.
import { testDatabase, testBackend } from '@marque/db/testing';

const started = performance.now();
const db = await testDatabase();
await db.close();
console.log(`test database template ready (${testBackend()}, ${Math.round(performance.now() - started)} ms)`);
