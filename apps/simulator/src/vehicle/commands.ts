import type { KeyObject } from 'node:crypto';
import {
  parseJsonPayload,
  validateCommand,
  validateCommandParams,
  vehicleCommandCheck,
  type CommandMessageT,
  type CommandName,
  type CommandResultMessageT,
} from '@marque/contracts/vehicle';
import { iso } from '../clock';
import type { VehicleModel } from './model';
import { hasTractionBattery } from './state';

const MIN = 60_000;
type Outcome = { ok: true } | { ok: false; reason: string };

/** The car's command processor: verifies as the contract demands, runs what passes, remembers the last counter. */
export class CommandHandler {
  private lastCounter = 0;

  constructor(
    private readonly model: VehicleModel,
    private readonly publicKey: KeyObject,
    /** The wall clock: signed times come from the platform's real clock, whatever the simulation speed. */
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Returns the results to publish, in order; applies the effect and queues a fresh sample on success. */
  handle(payload: Buffer | string): CommandResultMessageT[] {
    const at = this.model.now;
    const parsed = parseJsonPayload(payload);
    const raw = parsed.ok ? (parsed.value as Record<string, unknown>) : {};
    const id = typeof raw.id === 'string' ? raw.id : null;
    const reject = (reason: string) => (id && /^[0-9a-f-]{36}$/i.test(id) ? [result(id, 'rejected', at, reason)] : []);
    if (!parsed.ok) return [];
    const cmd = validateCommand(raw);
    if (!cmd.ok) return reject(`invalid: ${cmd.error}`.slice(0, 200));
    const refusal = vehicleCommandCheck(cmd.value, {
      vin: this.model.spec.vin,
      publicKey: this.publicKey,
      lastCounter: this.lastCounter,
      now: new Date(this.wallNow()),
    });
    if (refusal) return reject(refusal);
    const params = validateCommandParams(cmd.value.name, cmd.value.params);
    this.lastCounter = cmd.value.counter;
    if (!params.ok) return reject(`invalid_params: ${params.error}`.slice(0, 200));
    this.model.wake();
    const outcome = apply(this.model, cmd.value);
    this.model.report();
    const done = outcome.ok ? result(cmd.value.id, 'executed', at) : result(cmd.value.id, 'failed', at, outcome.reason);
    return [result(cmd.value.id, 'acked', at), done];
  }
}

function result(commandId: string, status: CommandResultMessageT['status'], at: number, reason?: string): CommandResultMessageT {
  return reason ? { commandId, status, reason, ts: iso(at) } : { commandId, status, ts: iso(at) };
}

/** What each command does to the car. */
function apply(model: VehicleModel, c: CommandMessageT): Outcome {
  const s = model.state;
  const now = model.now;
  const p = c.params as Record<string, number | string | undefined>;
  const handlers: Record<CommandName, () => Outcome> = {
    'doors.lock': () => set(() => (s.locked = true)),
    'doors.unlock': () => (model.driving ? fail('vehicle_moving') : set(() => (s.locked = false))),
    'hazards.on': () => set(() => (s.hazardsUntil = now + (Number(p.durationS) || 300) * 1000)),
    'hazards.off': () => set(() => (s.hazardsUntil = 0)),
    'climate.start': () =>
      set(() => {
        s.hvacTargetC = Number(p.temperatureC);
        s.hvacUntil = now + (Number(p.durationMin) || 10) * MIN;
      }),
    'climate.stop': () => set(() => (s.hvacUntil = 0)),
    'charging.start': () => {
      if (!hasTractionBattery(model.spec.powertrain)) return fail('no_traction_battery');
      if (!s.plugged) return fail('not_plugged_in');
      if (s.socPct >= s.chargeLimitPct - 0.5) return fail('charge_limit_reached');
      if (!s.charging) model.startCharging('remote');
      return { ok: true };
    },
    'charging.stop': () => {
      if (!s.charging) return fail('not_charging');
      model.stopCharging('remote');
      return { ok: true };
    },
    'lights.flash': () => set(() => (s.lowBeamUntil = now + 10_000)),
    'navigation.destination': () => set(() => model.setDestination({ lat: Number(p.lat), lon: Number(p.lon) })),
    'status.refresh': () => ({ ok: true }),
  };
  return handlers[c.name]();
}

const set = (effect: () => unknown): Outcome => (effect(), { ok: true });
const fail = (reason: string): Outcome => ({ ok: false, reason });
