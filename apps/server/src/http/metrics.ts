import { Registry, collectDefaultMetrics, Histogram, Counter } from 'prom-client';

/** One Prometheus registry per process; modules add their own counters through it. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'marque_' });
  const httpDuration = new Histogram({
    name: 'marque_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  return { registry, httpDuration, counter };
}

export type Metrics = ReturnType<typeof createMetrics>;
