import type { Command } from 'commander';
import { openDatabase, migrate } from '@marque/db';
import { isAppError, systemClock } from '@marque/kernel';
import { ALL_API_SCOPES } from '@marque/oauth';
import type { Config } from '../config';
import { createModules, type Modules } from '../container';

async function withModules<T>(cfg: Config, fn: (m: Modules) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database);
    const appUrl = cfg.publicUrl?.replace(/\/+$/, '') ?? `http://localhost:${cfg.port}`;
    return await fn(createModules(database, systemClock, { appUrl: () => appUrl }));
  } finally {
    await database.close();
  }
}

function explain(command: string, e: unknown): number {
  const fields = isAppError(e) ? (e.details.fields ?? []).map((f) => f.field).join(', ') : '';
  console.error(`marque oauth clients ${command}: ${fields ? `${fields}: ` : ''}${(e as Error).message}`);
  return 1;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(/[\s,]+/).filter(Boolean)];

/** `marque oauth clients add|list|remove`: third-party confidential clients, registered by an operator. */
export function registerOAuthCommands(program: Command, config: () => Config): void {
  const clients = program
    .command('oauth')
    .description('OAuth 2.0 / OpenID Connect')
    .command('clients')
    .description('Third-party apps allowed to ask owners for access (authorization code + PKCE, refresh tokens)');

  clients
    .command('add')
    .description('Register a confidential client; prints its id and its secret (shown once, stored hashed)')
    .requiredOption('--name <name>', 'name the owner sees on the consent page, e.g. "Acme Insurance"')
    .requiredOption('--redirect-uri <uri>', 'redirect URI (https; http only for localhost); repeat for several', list)
    .requiredOption('--scopes <scopes>', `comma-separated scopes the app may ask for: ${ALL_API_SCOPES.join(', ')}`, list)
    .action(async (opts: { name: string; redirectUri: string[]; scopes: string[] }) => {
      try {
        const r = await withModules(config(), (m) =>
          m.oauth.service.registerClient({ name: opts.name, redirectUris: opts.redirectUri, scopes: opts.scopes }),
        );
        console.log(`client "${r.client.name}" registered`);
        console.log(`client_id:     ${r.client.clientId}`);
        console.log(`client_secret: ${r.clientSecret}`);
        console.log(`scopes:        ${r.client.scopes.join(' ')}  (plus openid profile email offline_access)`);
        console.log('(the secret is shown once: hand it to the app developer over a safe channel)');
        process.exitCode = 0;
      } catch (e) {
        process.exitCode = explain('add', e);
      }
    });

  clients
    .command('list')
    .description('List the registered third-party clients (never their secrets)')
    .action(async () => {
      try {
        const all = await withModules(config(), (m) => m.oauth.service.listClients());
        if (all.length === 0) console.log('no third-party clients registered');
        for (const c of all) console.log(`${c.clientId}  ${c.name}  scopes: ${c.scopes.join(' ')}  redirect: ${c.redirectUris.join(' ')}`);
        process.exitCode = 0;
      } catch (e) {
        process.exitCode = explain('list', e);
      }
    });

  clients
    .command('remove')
    .description('Remove a client and revoke every grant and token it holds')
    .argument('<clientId>', 'the client_id printed by add')
    .action(async (clientId: string) => {
      try {
        await withModules(config(), (m) => m.oauth.service.removeClient(clientId));
        console.log(`client ${clientId} removed; its grants and tokens are revoked`);
        process.exitCode = 0;
      } catch (e) {
        process.exitCode = explain('remove', e);
      }
    });
}
