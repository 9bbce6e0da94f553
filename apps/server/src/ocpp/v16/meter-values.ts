import { ENERGY_REGISTER, defaultUnit, type MeterReading } from '@marque/charging';

export interface SampledValue16 {
  value: string;
  context?: string;
  format?: 'Raw' | 'SignedData';
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}
export interface MeterValue16 {
  timestamp: string;
  sampledValue: SampledValue16[];
}

/** 1.6 values are strings; signed data is not a number and is left out; a bad number fails validation. */
export function readings16(meterValue: MeterValue16[] | undefined): MeterReading[] {
  return (meterValue ?? []).map((mv) => ({
    ts: new Date(mv.timestamp),
    samples: mv.sampledValue
      .filter((s) => s.format !== 'SignedData')
      .map((s) => {
        const measurand = s.measurand ?? ENERGY_REGISTER;
        return {
          measurand,
          value: s.value.trim() === '' ? Number.NaN : Number(s.value),
          unit: s.unit ?? defaultUnit(measurand),
          phase: s.phase,
          location: s.location,
          context: s.context,
        };
      }),
  }));
}
