import type { EventMessageT, TelemetryMessageT } from '@marque/contracts/vehicle';
import type { Signals } from './signals';

export type Outgoing = { kind: 'telemetry'; msg: TelemetryMessageT } | { kind: 'event'; msg: EventMessageT };

/** Batches samples into telemetry messages and keeps what cannot be sent yet (store and forward). */
export class Outbox {
  private queue: Outgoing[] = [];
  private samples: { ts: string; signals: Signals }[] = [];
  dropped = 0;

  constructor(
    private seq: number,
    private readonly limit: number,
  ) {}

  get length(): number {
    return this.queue.length;
  }

  sample(ts: string, signals: Signals): void {
    this.samples.push({ ts, signals });
  }

  /** Closes the current batch into one telemetry message with the next `seq`. */
  flush(): void {
    if (this.samples.length === 0) return;
    this.push({ kind: 'telemetry', msg: { seq: this.seq++, samples: this.samples } });
    this.samples = [];
  }

  /** Events go out after the samples taken before them. */
  event(msg: EventMessageT): void {
    this.flush();
    this.push({ kind: 'event', msg });
  }

  take(): Outgoing[] {
    return this.queue.splice(0);
  }

  private push(o: Outgoing): void {
    this.queue.push(o);
    if (this.queue.length <= this.limit) return;
    // A full buffer drops the oldest telemetry first; events are worth more.
    const i = this.queue.findIndex((x) => x.kind === 'telemetry');
    this.queue.splice(i >= 0 ? i : 0, 1);
    this.dropped++;
  }
}
