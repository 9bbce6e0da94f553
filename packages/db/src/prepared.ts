import pg from 'pg';
import type { Db } from './client';

type PgliteClient = { query<T>(text: string, values: unknown[]): Promise<{ rows: T[] }> };

/**
 * Runs a hand-written statement (`$1`, `$2` … parameters) as a named prepared statement on PostgreSQL: each pooled
 * connection parses and plans it once, then only binds and executes (planning was a third to a half of the cost of
 * the short statements every vehicle request runs). PGlite runs it as a plain parameterised query. `name` must be
 * unique per statement text. Rows come back as the driver parses them (timestamptz as Date, bigint as string).
 * Drizzle's query builder offers the same through `.prepare(name)`; this is for statements it cannot express.
 */
export async function preparedQuery<T>(db: Db, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client: pg.Pool | PgliteClient }).$client;
  if (client instanceof pg.Pool) return (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;
  return (await client.query<T>(text, values)).rows;
}
