import { ENERGY_REGISTER, defaultUnit, type MeterReading } from '@marque/charging';

export interface SampledValue201 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}
export interface MeterValue201 {
  timestamp: string;
  sampledValue: SampledValue201[];
}

/** 2.0.1 values are numbers with a power-of-ten multiplier; the internal model holds them scaled. */
export function readings201(meterValue: MeterValue201[] | undefined): MeterReading[] {
  return (meterValue ?? []).map((mv) => ({
    ts: new Date(mv.timestamp),
    samples: mv.sampledValue.map((s) => {
      const measurand = s.measurand ?? ENERGY_REGISTER;
      return {
        measurand,
        value: s.value * 10 ** (s.unitOfMeasure?.multiplier ?? 0),
        unit: s.unitOfMeasure?.unit ?? defaultUnit(measurand),
        phase: s.phase,
        location: s.location,
        context: s.context,
      };
    }),
  }));
}
