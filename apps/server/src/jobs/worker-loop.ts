import type { Logger } from '@marque/kernel';
import type { JobsService } from '@marque/jobs';

export interface WorkerLoop {
  /** Stops scheduling ticks and waits for the one running, so no job is cut off half way. */
  close(): Promise<void>;
}

/**
 * The worker role: one `jobs.tick()` at a time, every `intervalMs`, or straight away again when a tick found a
 * full batch (a backlog drains without waiting). A failing tick (database away) is logged and retried.
 */
export function startWorkerLoop(opts: { jobs: JobsService; log: Logger; intervalMs?: number; batch?: number }): WorkerLoop {
  const intervalMs = opts.intervalMs ?? 1000;
  const batch = opts.batch ?? 10;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<number> | undefined;
  let first = true;

  const loop = async () => {
    timer = undefined;
    current = opts.jobs.tick(batch).catch((e: unknown) => {
      opts.log.error({ err: e }, 'worker tick failed');
      return 0;
    });
    const ran = await current;
    current = undefined;
    if (first) opts.log.info({ ran }, 'worker: first pass over due jobs done');
    first = false;
    if (!stopped) timer = setTimeout(() => void loop(), ran >= batch ? 0 : intervalMs);
  };
  timer = setTimeout(() => void loop(), 0);

  return {
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
