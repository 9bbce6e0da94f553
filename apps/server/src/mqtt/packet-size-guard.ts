/**
 * aedes has no packet size limit and mqtt-packet buffers whatever a remaining length announces (up to 256 MiB),
 * so the broker shows every chunk it reads to a guard, which follows the fixed headers and reports the first packet
 * that announces more than `max` (the connection is then closed, before the body arrives). A passive observer of
 * the socket rather than a stream in between: a Transform plus a Duplex around each socket cost the broker a fifth
 * of its CPU under telemetry load (docs/benchmarks.md).
 */
export class PacketSizeGuard {
  private header: number[] = [];
  private skip = 0;

  constructor(
    private readonly max: number,
    private readonly onOversize: (size: number) => void,
  ) {}

  /** Follows the packets in `chunk`; an Error when one announces too much or its length is malformed. */
  check(chunk: Buffer): Error | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i++]!);
      if (this.header.length === 1) continue;
      const last = this.header[this.header.length - 1]!;
      if (last & 0x80) {
        // The remaining length takes at most four bytes.
        if (this.header.length >= 5) return new Error('malformed MQTT remaining length');
        continue;
      }
      let size = 0;
      for (let k = this.header.length - 1; k >= 1; k--) size = size * 128 + (this.header[k]! & 0x7f);
      this.header = [];
      if (size > this.max) {
        this.onOversize(size);
        return new Error(`MQTT packet of ${size} bytes exceeds ${this.max}`);
      }
      this.skip = size;
    }
    return null;
  }
}
