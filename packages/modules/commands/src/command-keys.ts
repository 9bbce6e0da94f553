import { createPublicKey, type KeyObject } from 'node:crypto';
import { generateCommandKeyPair, loadPrivateKey } from '@marque/contracts/vehicle';
import type { Clock } from '@marque/kernel';
import type { CommandsRepository } from './commands.repository';

export interface CommandKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
  source: 'config' | 'generated';
}

/**
 * The configured key (COMMAND_SIGNING_KEY[_FILE]) wins; in demo and development a key pair is generated once and
 * kept in platform_keys so every process over the same database signs with the same key.
 */
export async function loadCommandKeys(opts: {
  configuredPem: string | undefined;
  allowGenerate: boolean;
  repo: CommandsRepository;
  clock: Clock;
}): Promise<CommandKeys> {
  if (opts.configuredPem) {
    const privateKey = loadPrivateKey(opts.configuredPem);
    return { privateKey, publicKeyPem: publicPemOf(privateKey), source: 'config' };
  }
  if (!opts.allowGenerate) throw new Error('COMMAND_SIGNING_KEY: no command signing key is configured');
  const pair = await opts.repo.keyPair(
    'command-signing',
    () => {
      const k = generateCommandKeyPair();
      return { privatePem: k.privateKeyPem, publicPem: k.publicKeyPem };
    },
    opts.clock.now(),
  );
  return { privateKey: loadPrivateKey(pair.privatePem), publicKeyPem: pair.publicPem, source: 'generated' };
}

function publicPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}
