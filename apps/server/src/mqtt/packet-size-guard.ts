import { Transform, type TransformCallback } from 'node:stream';

/**
 * aedes has no packet size limit and mqtt-packet buffers whatever a remaining length announces (up to 256 MiB),
 * so this stream reads each fixed header and fails the connection as soon as one packet announces more than `max`.
 */
export class PacketSizeGuard extends Transform {
  private header: number[] = [];
  private skip = 0;

  constructor(
    private readonly max: number,
    private readonly onOversize: (size: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
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
        if (this.header.length >= 5) return done(new Error('malformed MQTT remaining length'));
        continue;
      }
      let size = 0;
      for (let k = this.header.length - 1; k >= 1; k--) size = size * 128 + (this.header[k]! & 0x7f);
      this.header = [];
      if (size > this.max) {
        this.onOversize(size);
        return done(new Error(`MQTT packet of ${size} bytes exceeds ${this.max}`));
      }
      this.skip = size;
    }
    done(null, chunk);
  }
}
