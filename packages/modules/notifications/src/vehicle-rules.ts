import type { Kind } from './notification-kinds';
import type { Params } from './notice-texts';

/** A vehicle event as stored by telemetry. */
export interface VehicleEvent {
  id: string;
  vin: string;
  type: string;
  ts: Date;
  data: Record<string, unknown> | null;
}

export interface Reading {
  signal: string;
  value: unknown;
  ts: Date;
}

/** A notice some vehicle data calls for; `at` is when it happened in the car (whose holder then gets it). */
export interface Candidate {
  kind: Kind;
  vin: string;
  at: Date;
  key: string;
  params: Params;
}

export const RULE_EVENT_TYPES = ['dtc.set', 'alarm', 'charging.stopped', 'ignition.off'] as const;

/** Stop reasons that mean "full" or "at the limit"; a user's own stop (remote, unplugged) is no news. */
const FINISHED = new Set(['complete', 'completed', 'full', 'limit_reached', 'target_reached']);
const BY_USER = new Set(['remote', 'unplugged', 'user', 'app', 'scheduled']);
const CODE = /^[A-Z0-9]{3,8}$/;
const WORD = /^[a-z0-9_ -]{1,40}$/i;

const reasonOf = (d: Record<string, unknown> | null) => (typeof d?.reason === 'string' && WORD.test(d.reason) ? d.reason : undefined);
const socOf = (d: Record<string, unknown> | null) =>
  typeof d?.socPct === 'number' && d.socPct >= 0 && d.socPct <= 100 ? Math.round(d.socPct) : undefined;

/** Notices from one page of events; fault codes of one car set together make one notice. */
export function eventCandidates(events: VehicleEvent[]): Candidate[] {
  const out: Candidate[] = [];
  const dtc = new Map<string, { first: VehicleEvent; codes: string[] }>();
  for (const e of events) {
    if (e.type === 'dtc.set') {
      const code = typeof e.data?.code === 'string' && CODE.test(e.data.code) ? e.data.code : 'unknown';
      const g = dtc.get(e.vin);
      if (g) {
        if (!g.codes.includes(code)) g.codes.push(code);
      } else dtc.set(e.vin, { first: e, codes: [code] });
    } else if (e.type === 'alarm') {
      out.push({ kind: 'vehicle.alarm', vin: e.vin, at: e.ts, key: `alarm:${e.id}`, params: { reason: reasonOf(e.data) } });
    } else if (e.type === 'charging.stopped') {
      const reason = reasonOf(e.data);
      if (reason && BY_USER.has(reason)) continue;
      const finished = !!reason && FINISHED.has(reason);
      out.push({
        kind: finished ? 'charging.finished' : 'charging.interrupted',
        vin: e.vin,
        at: e.ts,
        key: `charging:${e.id}`,
        params: { socPct: socOf(e.data), reason: finished ? undefined : (reason ?? 'unknown') },
      });
    }
  }
  for (const [vin, g] of dtc) {
    out.push({ kind: 'vehicle.warning_light', vin, at: g.first.ts, key: `dtc:${g.first.id}`, params: { codes: g.codes } });
  }
  return out;
}

const DAY_MS = 86_400_000;
const SOON_KM = 1000;
const SOON_DAYS = 14;
/** Below this the 12 V battery may not start the car (the status page warns at the same level). */
const LOW_12V = 11.8;

/** Notices from a car's current state: low tyre pressure or 12 V battery (once a day at most), service due or soon (weekly). */
export function stateCandidates(vin: string, state: Reading[]): Candidate[] {
  const out: Candidate[] = [];
  const by = new Map(state.map((r) => [r.signal, r]));
  const low = state.filter((r) => r.signal.endsWith('.Tire.IsPressureLow') && r.value === true);
  if (low.length) {
    const at = new Date(Math.max(...low.map((r) => r.ts.getTime())));
    out.push({ kind: 'vehicle.warning_light', vin, at, key: `tyres:${vin}:${at.toISOString().slice(0, 10)}`, params: { tyres: true } });
  }
  const volts = by.get('Vehicle.LowVoltageBattery.CurrentVoltage');
  if (typeof volts?.value === 'number' && volts.value > 0 && volts.value < LOW_12V) {
    const at = volts.ts;
    out.push({ kind: 'vehicle.warning_light', vin, at, key: `battery12v:${vin}:${at.toISOString().slice(0, 10)}`, params: { volts: volts.value } });
  }
  const due = by.get('Vehicle.Service.IsServiceDue');
  const km = by.get('Vehicle.Service.DistanceToService');
  const secs = by.get('Vehicle.Service.TimeToService');
  const kmLeft = typeof km?.value === 'number' ? km.value : null;
  const daysLeft = typeof secs?.value === 'number' ? secs.value / 86_400 : null;
  const overdue = due?.value === true || (kmLeft !== null && kmLeft <= 0) || (daysLeft !== null && daysLeft <= 0);
  const soonByKm = kmLeft !== null && kmLeft <= SOON_KM;
  const soonByDays = daysLeft !== null && daysLeft <= SOON_DAYS;
  if (overdue || soonByKm || soonByDays) {
    const readings = [due, km, secs].filter((r): r is Reading => !!r);
    const at = new Date(Math.max(...readings.map((r) => r.ts.getTime())));
    const week = Math.floor(at.getTime() / (7 * DAY_MS));
    const params: Params = overdue ? { overdue: true } : soonByKm ? { km: Math.max(0, Math.round(kmLeft!)) } : { days: Math.ceil(daysLeft!) };
    out.push({ kind: 'vehicle.service_due', vin, at, key: `service:${vin}:${overdue ? 'due' : 'soon'}:${week}`, params });
  }
  return out;
}

const LOCKS = /^Vehicle\.(Cabin\.Door\.Row\d\.(DriverSide|PassengerSide)|Body\.Trunk\.Rear)\.IsLocked$/;

/** After parking: true when the car's latest lock readings say some door or the boot is unlocked. */
export function leftUnlocked(state: Reading[]): boolean {
  const locks = state.filter((r) => LOCKS.test(r.signal));
  return locks.length > 0 && locks.some((r) => r.value === false);
}
