#!/usr/bin/env node
// One runner for the repo: node:test over every *.test.ts (TypeScript through tsx).
// `--browser` runs the Playwright suites (*.browser.test.ts) instead of the unit and integration ones.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const browser = process.argv.includes('--browser');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.') || name === 'data') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const files = ['packages', 'apps', 'tests']
  .flatMap((d) => {
    try {
      return walk(join(root, d), []);
    } catch {
      return [];
    }
  })
  .filter((f) => f.endsWith('.browser.test.ts') === browser)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const env = { ...process.env, NODE_ENV: 'test' };
// Build the migrated database template once, before the files run in parallel.
const warm = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/warm-test-db.ts')], {
  stdio: 'inherit',
  env,
  cwd: root,
});
if (warm.status !== 0) process.exit(warm.status ?? 1);

const concurrency = browser ? 1 : Math.max(2, availableParallelism());
const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-timeout=300000', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env, cwd: root });
process.exit(r.status ?? 1);
