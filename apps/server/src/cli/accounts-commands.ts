import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase, migrate } from '@marque/db';
import { isAppError, systemClock } from '@marque/kernel';
import { parseLegalMarkdown, type LegalKind } from '@marque/privacy';
import type { Role } from '@marque/accounts';
import type { Config } from '../config';
import { createModules } from '../container';

async function withModules<T>(cfg: Config, fn: (m: ReturnType<typeof createModules>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database);
    return await fn(createModules(database, systemClock));
  } finally {
    await database.close();
  }
}

function explain(command: string, e: unknown): number {
  const fields = isAppError(e) ? (e.details.fields ?? []).map((f) => f.field).join(', ') : '';
  console.error(`marque ${command}: ${fields ? `${fields}: ` : ''}${(e as Error).message}`);
  return 1;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Bootstraps an active admin (or, with --role, a retailer, care agent or customer); prints a generated password when none comes on standard input. */
export async function adminCreateCommand(
  cfg: Config,
  email: string,
  opts: { name?: string; passwordStdin?: boolean; role?: Role },
): Promise<number> {
  try {
    const given = opts.passwordStdin ? await readStdin() : undefined;
    const password = given ?? randomBytes(18).toString('base64url');
    const p = await withModules(cfg, (m) =>
      m.accounts.service.createActiveAccount({
        email,
        password,
        name: opts.name ?? 'Administrator',
        market: 'GB',
        language: 'en',
        roles: [opts.role ?? 'admin'],
      }),
    );
    console.log(`${opts.role ?? 'admin'} account ${p.email} created (id ${p.id})`);
    if (!given) console.log(`password: ${password}\n(shown once: store it in a password manager)`);
    return 0;
  } catch (e) {
    return explain('admin create', e);
  }
}

/** Publishes a Markdown file (title from its first `# ` heading unless --title) as a new legal document version. */
export async function legalPublishCommand(
  cfg: Config,
  file: string,
  opts: { kind: LegalKind; market: string; language: string; version: number; title?: string },
): Promise<number> {
  try {
    const parsed = parseLegalMarkdown(readFileSync(file, 'utf8'));
    const title = opts.title ?? parsed.title;
    const d = await withModules(cfg, (m) =>
      m.privacy.service.publish({
        kind: opts.kind,
        market: opts.market,
        language: opts.language,
        version: opts.version,
        title,
        body: parsed.body,
      }),
    );
    console.log(`published ${d.kind} v${d.version} for ${d.market}/${d.language}: "${d.title}"`);
    return 0;
  } catch (e) {
    return explain('legal publish', e);
  }
}
