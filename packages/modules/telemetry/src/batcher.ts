/**
 * Collects items for a few milliseconds (or until `maxItems` / `maxWeight`) and writes them with one `flush`; each
 * item's promise settles only after its flush committed, so the transport acknowledges nothing that is not stored.
 * Under load the queue grows while the database works, so batches grow too (adaptive: a lone message waits at most
 * `maxDelayMs`; under load a batch holds whatever arrived during the previous write); see `concurrency`.
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
  /** Flushes what is queued and waits for it; later `add` calls are refused. */
  close(): Promise<void>;
  pending(): number;
  /** Flushes running now. */
  running(): number;
  /**
   * Starts a flush now unless one is running (then returns false): of what is queued, or of nothing, which lets
   * the owner write what it holds back from earlier flushes.
   */
  tick(): boolean;
}

interface Entry<T> {
  item: T;
  weight: number;
  resolve(): void;
  reject(e: unknown): void;
}

export interface BatcherOptions<T> {
  maxItems: number;
  maxDelayMs: number;
  /** Caps a batch by the sum of `weight` (e.g. rows: samples per message) as well as by count; at least one item. */
  maxWeight?: number;
  weight?(item: T): number;
  /**
   * Flushes that may run at once (default 1). Beyond the first, one starts only when at least half a full batch is
   * queued: under load the next batch's preparation overlaps the database's work on the previous one, while light
   * load keeps one flush at a time.
   */
  concurrency?: number;
  flush(items: T[]): Promise<void>;
}

export function createBatcher<T>(opts: BatcherOptions<T>): Batcher<T> {
  const weigh = opts.weight ?? (() => 1);
  const maxWeight = opts.maxWeight ?? Infinity;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  let queue: Array<Entry<T>> = [];
  let queuedWeight = 0;
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();
  let closed = false;

  const full = () => queue.length >= opts.maxItems || queuedWeight >= maxWeight;
  const halfFull = () => queue.length * 2 >= opts.maxItems || queuedWeight * 2 >= maxWeight;

  const schedule = () => {
    if (queue.length === 0) return;
    if (running.size > 0) {
      // Another flush is running: start a second one only for a worthwhile batch; otherwise wait for it to end.
      if (running.size < concurrency && halfFull()) start();
      return;
    }
    if (full()) return void start();
    timer ??= setTimeout(start, opts.maxDelayMs);
  };

  const start = (evenEmpty = false) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running.size >= concurrency || (queue.length === 0 && !evenEmpty)) return;
    let n = 0;
    let w = 0;
    while (n < queue.length && n < opts.maxItems && (n === 0 || w + queue[n]!.weight <= maxWeight)) w += queue[n++]!.weight;
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    queuedWeight -= w;
    const p: Promise<void> = write(batch).finally(() => {
      running.delete(p);
      // Whatever arrived during the write goes next, without waiting for another delay (while another flush runs,
      // only a worthwhile batch: the rest goes when that one ends).
      if (queue.length > 0 && (running.size === 0 || halfFull())) start();
    });
    running.add(p);
  };

  const write = async (batch: Array<Entry<T>>) => {
    try {
      await opts.flush(batch.map((e) => e.item));
      batch.forEach((e) => e.resolve());
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      // One poison item must not fail the others: retry each alone.
      for (const entry of batch) {
        await opts.flush([entry.item]).then(entry.resolve, entry.reject);
      }
    }
  };

  return {
    add(item) {
      if (closed) return Promise.reject(new Error('the ingestion batcher is closed'));
      return new Promise<void>((resolve, reject) => {
        const weight = weigh(item);
        queuedWeight += weight;
        queue.push({ item, weight, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      while (running.size > 0 || queue.length > 0) {
        start();
        await Promise.all(running);
      }
    },
    pending: () => queue.length,
    running: () => running.size,
    tick() {
      if (running.size > 0 || closed) return false;
      start(true);
      return true;
    },
  };
}
