export { openDatabase, pgliteExtensions } from './client';
export type { Db, Database, OpenOptions } from './client';
export { migrate, migrationsFolder } from './migrate';
export { withTransaction } from './transaction';
export type { Tx } from './transaction';
export { DataDirLockedError } from './dir-lock';
export { copyInto, copyText, CopyRows, plainCopyText } from './copy';
export { preparedQuery } from './prepared';
