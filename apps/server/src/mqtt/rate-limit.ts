/**
 * A token bucket per key: `burst` messages at once (store-and-forward after a coverage gap sends hundreds),
 * refilled at `perSecond`. Idle buckets are forgotten so memory follows the active vehicles.
 */
export function createRateLimiter(opts: { perSecond: number; burst: number; now?: () => number }) {
  const now = opts.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return {
    /** True when `key` may send one more message now. */
    take(key: string): boolean {
      const t = now();
      if (t - lastSweep > 60_000) {
        for (const [k, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * opts.perSecond >= opts.burst) buckets.delete(k);
        lastSweep = t;
      }
      const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
      b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    size: () => buckets.size,
  };
}
