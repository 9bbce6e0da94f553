import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { CommandMessageT } from './payloads';

/** JSON with keys sorted at every depth and no spaces: the same bytes on both sides of the contract. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in signed JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type Unsigned = Omit<CommandMessageT, 'sig'>;

/** The exact bytes that `sig` covers (ARCHITECTURE.md, "Vehicle ↔ cloud contract"). */
export function commandSigningInput(c: Unsigned): Buffer {
  return Buffer.from(
    `v1\n${c.vin}\n${c.id}\n${c.name}\n${canonicalJson(c.params)}\n${c.issuedAt}\n${c.expiresAt}\n${c.counter}`,
    'utf8',
  );
}

export function signCommand(c: Unsigned, privateKey: KeyObject): CommandMessageT {
  return { ...c, sig: sign(null, commandSigningInput(c), privateKey).toString('base64') };
}

export function verifyCommandSignature(c: CommandMessageT, publicKey: KeyObject): boolean {
  try {
    return verify(null, commandSigningInput(c), publicKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

export function generateCommandKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function loadPrivateKey(pem: string): KeyObject {
  const k = createPrivateKey(pem);
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('the command signing key must be an Ed25519 private key');
  return k;
}

export function loadPublicKey(pem: string): KeyObject {
  const k = createPublicKey(pem);
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('the command public key must be Ed25519');
  return k;
}

export type CommandRejection = 'wrong_vin' | 'bad_signature' | 'expired' | 'replayed' | 'not_yet_valid';

/** What a vehicle checks before it runs a command; returns why it refuses, or null to run it. */
export function vehicleCommandCheck(
  c: CommandMessageT,
  ctx: { vin: string; publicKey: KeyObject; lastCounter: number; now: Date; clockSkewMs?: number },
): CommandRejection | null {
  if (c.vin !== ctx.vin) return 'wrong_vin';
  if (!verifyCommandSignature(c, ctx.publicKey)) return 'bad_signature';
  const skew = ctx.clockSkewMs ?? 30_000;
  if (Date.parse(c.expiresAt) <= ctx.now.getTime()) return 'expired';
  if (Date.parse(c.issuedAt) > ctx.now.getTime() + skew) return 'not_yet_valid';
  if (c.counter <= ctx.lastCounter) return 'replayed';
  return null;
}
