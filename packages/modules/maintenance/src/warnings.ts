import type { VehicleStatusT } from '@marque/contracts';
import { adviceFor, type Advice, type Language } from './advice';

/** Below this a tyre is low even when the car does not say so (a typical car tyre runs at 230–260 kPa). */
export const TYRE_LOW_KPA = 190;
/** Below this a tyre must not be driven on. */
export const TYRE_CRITICAL_KPA = 140;
/** Resting voltage of a 12 V lead-acid battery, engine off: ~12.0 V is a quarter charged, ~11.7 V nearly flat. */
export const BATTERY_WEAK_V = 12.0;
export const BATTERY_FLAT_V = 11.7;

export interface Warning extends Advice {
  source: 'dtc' | 'tyre' | 'battery12v' | 'service';
  /** When the car reported it. */
  since: string | null;
  /** The reading behind it, e.g. "front left: 150 kPa". */
  detail: string | null;
}

export interface VehicleEventLite {
  type: string;
  ts: Date;
  data: Record<string, unknown> | null;
}

const WHEEL_NAMES: Record<keyof VehicleStatusT['tyres'], Record<Language, string>> = {
  frontLeft: { en: 'front left', de: 'vorne links' },
  frontRight: { en: 'front right', de: 'vorne rechts' },
  rearLeft: { en: 'rear left', de: 'hinten links' },
  rearRight: { en: 'rear right', de: 'hinten rechts' },
};

/** Warning codes still set: `dtc.set` adds a code, `dtc.cleared` removes it (events in time order). */
export function activeCodes(events: VehicleEventLite[]): Array<{ code: string; since: Date }> {
  const active = new Map<string, Date>();
  for (const e of [...events].sort((a, b) => a.ts.getTime() - b.ts.getTime())) {
    const code = typeof e.data?.code === 'string' ? e.data.code.trim() : '';
    if (!code) continue;
    if (e.type === 'dtc.set' && !active.has(code)) active.set(code, e.ts);
    if (e.type === 'dtc.cleared') active.delete(code);
  }
  return [...active].map(([code, since]) => ({ code, since }));
}

function tyreWarnings(tyres: VehicleStatusT['tyres'], lang: Language): Warning[] {
  const out: Warning[] = [];
  for (const [wheel, t] of Object.entries(tyres) as Array<
    [keyof VehicleStatusT['tyres'], VehicleStatusT['tyres']['frontLeft']]
  >) {
    const kpa = t.pressureKpa?.value ?? null;
    const low = t.low?.value === true || (kpa !== null && kpa < TYRE_LOW_KPA);
    if (!low) continue;
    const code = kpa !== null && kpa < TYRE_CRITICAL_KPA ? 'tyre.pressure_critical' : 'tyre.pressure_low';
    const a = adviceFor(code, lang);
    const name = WHEEL_NAMES[wheel][lang];
    out.push({
      ...a,
      title: `${a.title} (${name})`,
      source: 'tyre',
      since: t.pressureKpa?.at ?? t.low?.at ?? null,
      detail: kpa !== null ? `${name}: ${kpa} kPa` : name,
    });
  }
  return out;
}

/** Judged only with the engine off: running, the alternator or DC-DC converter lifts the voltage. */
function batteryWarning(
  status: Pick<VehicleStatusT, 'lowVoltageBattery'>,
  events: VehicleEventLite[],
  lang: Language,
): Warning | null {
  const v = status.lowVoltageBattery.voltage;
  if (!v) return null;
  const ignition = events
    .filter((e) => e.type === 'ignition.on' || e.type === 'ignition.off')
    .sort((a, b) => a.ts.getTime() - b.ts.getTime())
    .at(-1);
  if (ignition?.type === 'ignition.on') return null;
  if (ignition && new Date(v.at).getTime() < ignition.ts.getTime()) return null;
  if (v.value >= BATTERY_WEAK_V) return null;
  const a = adviceFor(v.value < BATTERY_FLAT_V ? 'battery12v.flat' : 'battery12v.weak', lang);
  return { ...a, source: 'battery12v', since: v.at, detail: `${v.value} V` };
}

/** The owner's warnings, most urgent first: active codes, tyres, the 12 V battery, and a due service. */
export function warningsFor(input: {
  status: Pick<VehicleStatusT, 'tyres' | 'lowVoltageBattery'> | null;
  events: VehicleEventLite[];
  serviceDue: boolean;
  language: Language;
}): Warning[] {
  const lang = input.language;
  const out: Warning[] = activeCodes(input.events).map(({ code, since }) => ({
    ...adviceFor(code, lang),
    source: 'dtc' as const,
    since: since.toISOString(),
    detail: code,
  }));
  if (input.status) {
    out.push(...tyreWarnings(input.status.tyres, lang));
    const b = batteryWarning(input.status, input.events, lang);
    if (b) out.push(b);
  }
  if (input.serviceDue) out.push({ ...adviceFor('service.due', lang), source: 'service', since: null, detail: null });
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
