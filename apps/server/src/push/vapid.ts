import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import type { Logger } from '@marque/kernel';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const FILE = 'vapid.json';
const B64URL = /^[A-Za-z0-9_-]+$/;

function valid(k: Partial<VapidKeys> | null): k is Pick<VapidKeys, 'publicKey' | 'privateKey'> {
  return (
    !!k &&
    typeof k.publicKey === 'string' &&
    typeof k.privateKey === 'string' &&
    B64URL.test(k.publicKey) &&
    B64URL.test(k.privateKey) &&
    Buffer.from(k.publicKey, 'base64url').length === 65 &&
    Buffer.from(k.privateKey, 'base64url').length === 32
  );
}

/**
 * The configured VAPID key pair, or (embedded default) the one kept in `dataDir/vapid.json`, generated on first
 * use with owner-only permissions. Only the public key is ever logged.
 */
export function resolveVapidKeys(opts: {
  configured: { publicKey: string; privateKey: string } | undefined;
  subject: string;
  dataDir: string | undefined;
  log: Logger;
}): VapidKeys {
  if (opts.configured) return { ...opts.configured, subject: opts.subject };
  if (!opts.dataDir) return { ...webpush.generateVAPIDKeys(), subject: opts.subject };
  const path = join(opts.dataDir, FILE);
  const stored = readStored(path);
  if (stored) return { ...stored, subject: opts.subject };
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(opts.dataDir, { recursive: true });
  // Written whole under another name, then linked into place: a process sharing the folder never reads half a file.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${JSON.stringify(keys)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    // Another process wrote it first: use that pair.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { ...readStored(path)!, subject: opts.subject };
    throw e;
  } finally {
    unlinkSync(tmp);
  }
  opts.log.info({ publicKey: keys.publicKey, file: path }, 'generated a VAPID key pair for Web Push');
  return { ...keys, subject: opts.subject };
}

function readStored(path: string): Pick<VapidKeys, 'publicKey' | 'privateKey'> | null {
  if (existsSync(path)) {
    let stored: Partial<VapidKeys> | null = null;
    try {
      stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<VapidKeys>;
    } catch {
      stored = null;
    }
    if (valid(stored)) return { publicKey: stored.publicKey, privateKey: stored.privateKey };
    throw new Error(`${path} does not hold a VAPID key pair; remove it to generate a new one (push subscriptions then need renewing)`);
  }
  return null;
}
