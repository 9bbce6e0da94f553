// Simulated cars for the benchmark, in a child process of their own (so the server's memory is measured alone):
// raw MQTT 3.1.1 over TCP with mqtt-packet framing, no reconnects, no keepalive pings. Each car verifies the
// commands it receives with `vehicleCommandCheck` and answers with an executed (or rejected) result.
import { connect as tcpConnect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { SIGNALS } from './signals';
import { loadPublicKey, topics, vehicleClientId, vehicleCommandCheck, type CommandMessageT } from '@marque/contracts/vehicle';

type ToCars =
  | { op: 'connect'; port: number; cars: Array<[string, string]>; publicKeyPem: string; batch: number; deadlineMs: number }
  | { op: 'telemetry'; cars: number; perCar: number; window: number; samplesPerMessage: number; deadlineMs: number }
  | { op: 'stats' }
  | { op: 'close' };

const send = (m: unknown) => process.send!(m);

let publicKey: ReturnType<typeof loadPublicKey>;
const stats = { executed: 0, rejected: 0 };

class Car {
  private sock!: Socket;
  private nextId = 1;
  private waiting = new Map<number, () => void>();
  private onConnack?: (rc: number) => void;
  private lastCounter = 0;
  seq = 0;
  constructor(
    readonly vin: string,
    private secret: string,
  ) {}

  async connect(port: number): Promise<void> {
    this.sock = tcpConnect({ host: '127.0.0.1', port, noDelay: true });
    this.parser.on('packet', (p) => this.packet(p));
    this.sock.on('data', (d: Buffer) => this.read(d));
    this.sock.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.sock.once('error', reject);
      this.sock.once('close', () => reject(new Error('closed')));
      this.onConnack = (rc) => (rc === 0 ? resolve() : reject(new Error(`connack ${rc}`)));
      this.write({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId: vehicleClientId(this.vin),
        keepalive: 0,
        username: this.vin,
        password: Buffer.from(this.secret),
      });
    });
    const messageId = this.nextId++;
    await new Promise<void>((resolve) => {
      this.waiting.set(messageId, resolve);
      this.write({ cmd: 'subscribe', messageId, subscriptions: [{ topic: topics.commands(this.vin), qos: 1 }] });
    });
  }

  publish(topic: string, payload: string): Promise<void> {
    return this.publishPacket(publishPacket(topic, payload));
  }

  /** Sends a packet made by `publishPacket` under this car's next message id (written into the packet). */
  publishPacket(p: { bytes: Buffer; idAt: number }): Promise<void> {
    const messageId = this.nextId++;
    if (this.nextId > 65_000) this.nextId = 1;
    return new Promise<void>((resolve) => {
      this.waiting.set(messageId, resolve);
      p.bytes.writeUInt16BE(messageId, p.idAt);
      this.corkForThisTurn();
      this.sock.write(p.bytes);
    });
  }

  private corked = false;
  /** The messages a car sends in one turn (after one read of PUBACKs) leave in one write, not one system call each. */
  private corkForThisTurn() {
    if (this.corked) return;
    this.corked = true;
    this.sock.cork();
    setImmediate(() => {
      this.corked = false;
      this.sock.uncork();
    });
  }

  close() {
    this.sock.destroy();
  }

  private readonly parser = mqttPacket.parser({ protocolVersion: 4 });
  private rest: Buffer | null = null;

  /**
   * Splits what arrives into MQTT packets; a PUBACK (4 bytes, most of what a car receives here) is handled on the
   * spot, anything else goes to mqtt-packet's parser. The car process shares the cores with the server and
   * PostgreSQL: parsing 40,000 PUBACKs into objects and events cost it more than sending the messages.
   */
  private read(chunk: Buffer) {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let i = 0;
    while (i < buf.length) {
      let length = 0;
      let factor = 1;
      let body = -1;
      for (let j = i + 1; j < buf.length && j < i + 5; j++) {
        length += (buf[j]! & 0x7f) * factor;
        factor *= 128;
        if (buf[j]! < 0x80) {
          body = j + 1;
          break;
        }
      }
      if (body < 0 || body + length > buf.length) break;
      if (buf[i] === 0x40 && length === 2) this.acked(buf.readUInt16BE(body));
      else this.parser.parse(buf.subarray(i, body + length));
      i = body + length;
    }
    this.rest = i < buf.length ? buf.subarray(i) : null;
  }

  private acked(messageId: number) {
    const done = this.waiting.get(messageId);
    this.waiting.delete(messageId);
    done?.();
  }

  private write(p: object) {
    this.sock.write(mqttPacket.generate(p as mqttPacket.Packet));
  }

  private packet(p: mqttPacket.Packet) {
    if (p.cmd === 'connack') this.onConnack?.(p.returnCode ?? 0);
    else if (p.cmd === 'puback' || p.cmd === 'suback') this.acked(p.messageId!);
    else if (p.cmd === 'publish') {
      if (p.qos === 1) this.write({ cmd: 'puback', messageId: p.messageId });
      void this.command(p.payload.toString());
    }
  }

  private async command(text: string) {
    let msg: CommandMessageT;
    try {
      msg = JSON.parse(text) as CommandMessageT;
    } catch {
      return;
    }
    const refusal = vehicleCommandCheck(msg, { vin: this.vin, publicKey, lastCounter: this.lastCounter, now: new Date() });
    if (refusal) stats.rejected++;
    else {
      stats.executed++;
      this.lastCounter = msg.counter;
    }
    const result = refusal
      ? { commandId: msg.id, status: 'rejected', reason: String(refusal), ts: new Date().toISOString() }
      : { commandId: msg.id, status: 'executed', ts: new Date().toISOString() };
    await this.publish(topics.up(this.vin, 'command-results'), JSON.stringify(result));
  }
}

/** A QoS 1 PUBLISH packet with a placeholder message id, and where that id sits (just before the payload). */
function publishPacket(topic: string, payload: string): { bytes: Buffer; idAt: number } {
  const bytes = mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 1, messageId: 1, retain: false, dup: false });
  return { bytes, idAt: bytes.length - Buffer.byteLength(payload) - 2 };
}

const cars: Car[] = [];

async function connectAll(m: Extract<ToCars, { op: 'connect' }>) {
  publicKey = loadPublicKey(m.publicKeyPem);
  const until = Date.now() + m.deadlineMs;
  let failed = 0;
  for (let i = 0; i < m.cars.length && Date.now() < until; i += m.batch) {
    const batch = m.cars.slice(i, i + m.batch).map(([vin, secret]) => new Car(vin, secret));
    const r = await Promise.allSettled(batch.map((c) => c.connect(m.port)));
    r.forEach((x, j) => (x.status === 'fulfilled' ? cars.push(batch[j]!) : failed++));
    if (failed > 0 && i === 0)
      send({ op: 'error', message: String((r.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason) });
    send({ op: 'progress', connected: cars.length, failed });
  }
  send({ op: 'connected', connected: cars.length, failed });
}

async function telemetry(m: Extract<ToCars, { op: 'telemetry' }>) {
  // Like the simulator (apps/simulator/src/vehicle/outbox.ts: a sample a second, a message every 5 s), each message
  // carries `samplesPerMessage` samples. Payloads are built before the clock starts: the car process shares the
  // machine's two cores with the server, and building JSON and MQTT packets is the car's work, not the platform's.
  const fleet = cars.slice(0, m.cars);
  // A sample a second per car, ending a minute ago.
  const base = Date.now() - 60_000 - m.perCar * m.samplesPerMessage * 1000;
  const payloads = fleet.map((car) =>
    Array.from({ length: m.perCar }, (_, k) => {
      const seq = car.seq + 1 + k;
      const samples = Array.from({ length: m.samplesPerMessage }, (_, j) => ({
        ts: new Date(base + (k * m.samplesPerMessage + j) * 1000).toISOString(),
        signals: SIGNALS(seq * m.samplesPerMessage + j),
      }));
      return { seq, packet: publishPacket(topics.up(car.vin, 'telemetry'), JSON.stringify({ seq, samples })) };
    }),
  );
  const until = Date.now() + m.deadlineMs;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let acked = 0;
  const run = async (car: Car, mine: Array<{ seq: number; packet: { bytes: Buffer; idAt: number } }>) => {
    while (mine.length > 0 && Date.now() < until) {
      const next = mine.shift()!;
      car.seq = Math.max(car.seq, next.seq);
      await car.publishPacket(next.packet);
      acked++;
    }
  };
  // `window` publishers per car keep that many QoS 1 messages in flight.
  await Promise.all(fleet.flatMap((car, i) => Array.from({ length: m.window }, () => run(car, payloads[i]!))));
  const cpu = process.cpuUsage(cpu0);
  payloads.length = 0;
  (globalThis as { gc?: () => void }).gc?.();
  send({ op: 'telemetry-done', acked, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 });
}

process.on('message', (m: ToCars) => {
  if (m.op === 'connect') void connectAll(m);
  else if (m.op === 'telemetry') void telemetry(m);
  else if (m.op === 'stats') send({ op: 'stats', ...stats });
  else if (m.op === 'close') {
    cars.forEach((c) => c.close());
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
