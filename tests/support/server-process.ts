import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const marqueBin = join(repoRoot, 'apps/server/bin/marque.mjs');

export interface ServerProcess {
  url: string;
  mqttPort: number | undefined;
  output(): string;
  child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'marque-data-'));
}

/** Runs `marque start` as a real process on free ports and waits for its banner. */
export async function startServer(env: Record<string, string> = {}, args = ['start']): Promise<ServerProcess> {
  const child = spawn(process.execPath, [marqueBin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', MQTT_PORT: '0', SMTP_PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: tempDataDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!/Web app\s+http:\/\/localhost:(\d+)\//.test(out)) {
    if (child.exitCode !== null) throw new Error(`marque exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`marque did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(/Web app\s+http:\/\/localhost:(\d+)\//.exec(out)![1]);
  const mqtt = /MQTT\s+mqtt:\/\/localhost:(\d+)/.exec(out);
  return {
    url: `http://127.0.0.1:${port}`,
    mqttPort: mqtt ? Number(mqtt[1]) : undefined,
    output: () => out,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the marque CLI to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [marqueBin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** Signs the demo owner in over the API with the password the banner printed; returns the session cookie header. */
export async function demoOwnerCookie(s: ServerProcess): Promise<string> {
  const password = /password: (\S+)/.exec(s.output())![1]!;
  const r = await fetch(`${s.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'demo@marque.local', password }),
  });
  if (r.status !== 200) throw new Error(`demo sign-in answered ${r.status}`);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
