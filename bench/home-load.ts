// The home-screen benchmark's load generator, in a process of its own so the server's event loop serves only
// requests: each user loops without pause over keep-alive connections and reports every latency.
import { Agent, request } from 'node:http';

export type LoadKind = 'baseline' | 'home';
export interface LoadUser {
  cookie: string;
  vin: string;
}
export interface LoadRound {
  kind: LoadKind;
  seconds: number;
  latencies: number[];
  status: number[];
  trips: number[];
  errors: number;
}

/** GET over a keep-alive agent; resolves with the status code, the time to the last byte (ms) and the body. */
export function get(
  agent: Agent,
  port: number,
  path: string,
  cookie?: string,
): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(parts).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// A browser keeps a few connections per host; two per user here, one per parallel request.
const agents = new Map<string, Agent>();
const agentOf = (u: LoadUser) =>
  agents.get(u.vin) ?? agents.set(u.vin, new Agent({ keepAlive: true, maxSockets: 2 })).get(u.vin)!;

/** Every user in a closed loop (next request as soon as the last answered) for `seconds`. */
async function round(kind: LoadKind, seconds: number, users: LoadUser[], port: number): Promise<LoadRound> {
  const r: LoadRound = { kind, seconds, latencies: [], status: [], trips: [], errors: 0 };
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    users.map(async (u) => {
      const agent = agentOf(u);
      while (performance.now() < until) {
        const started = performance.now();
        if (kind === 'baseline') {
          const b = await get(agent, port, `/api/v1/bench/registry/${u.vin}`);
          if (b.status !== 200) r.errors++;
        } else {
          const [s, t] = await Promise.all([
            get(agent, port, `/api/v1/vehicles/${u.vin}/status`, u.cookie),
            get(agent, port, `/api/v1/vehicles/${u.vin}/trips?limit=1`, u.cookie),
          ]);
          if (s.status !== 200 || t.status !== 200) r.errors++;
          r.status.push(s.ms);
          r.trips.push(t.ms);
        }
        r.latencies.push(performance.now() - started);
      }
    }),
  );
  return r;
}

if (process.send) {
  process.on('message', (m: { kind: LoadKind; seconds: number; users: LoadUser[]; port: number }) => {
    void round(m.kind, m.seconds, m.users, m.port).then((r) => process.send!(r));
  });
  process.on('disconnect', () => process.exit(0));
}
