export { testDatabase, testBackend } from './test-db';
