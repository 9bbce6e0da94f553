/**
 * Collects items for a few milliseconds (or until `maxItems` / `maxWeight`) and writes them with one `flush`; each
 * item's promise settles only after its flush committed, so the transport acknowledges nothing that is not stored.
 * One flush runs at a time: under load the queue grows while the database works, so batches grow too (adaptive:
 * a lone message waits at most `maxDelayMs`; under load a batch holds whatever arrived during the previous write).
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
  /** Flushes what is queued and waits for it; later `add` calls are refused. */
  close(): Promise<void>;
  pending(): number;
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
  flush(items: T[]): Promise<void>;
}

export function createBatcher<T>(opts: BatcherOptions<T>): Batcher<T> {
  const weigh = opts.weight ?? (() => 1);
  const maxWeight = opts.maxWeight ?? Infinity;
  let queue: Array<Entry<T>> = [];
  let queuedWeight = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const schedule = () => {
    if (running || timer || queue.length === 0) return;
    if (queue.length >= opts.maxItems || queuedWeight >= maxWeight) return void start();
    timer = setTimeout(start, opts.maxDelayMs);
  };

  const start = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (running || queue.length === 0) return;
    let n = 0;
    let w = 0;
    while (n < queue.length && n < opts.maxItems && (n === 0 || w + queue[n]!.weight <= maxWeight)) w += queue[n++]!.weight;
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    queuedWeight -= w;
    running = write(batch).finally(() => {
      running = undefined;
      // Whatever arrived during the write goes next, without waiting for another delay.
      if (queue.length > 0) start();
    });
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
      while (running || queue.length > 0) {
        start();
        await running;
      }
    },
    pending: () => queue.length,
  };
}
