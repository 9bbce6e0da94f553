import { sql } from 'drizzle-orm';
import type { Db } from '@marque/db';

/** NOTIFY is plain SQL on both engines (listening is the driver's: Database.listen). */
export function createNotifyRepository(db: Db) {
  return {
    async notify(channel: string, payload: string): Promise<void> {
      await db.execute(sql`select pg_notify(${channel}, ${payload})`);
    },
  };
}
