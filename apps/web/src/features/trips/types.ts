export interface TripSummary {
  id: string;
  startedAt: string;
  endedAt: string;
  start: { place: string | null };
  end: { place: string | null };
  distanceM: number;
  durationS: number;
  idleS: number;
  avgKmh: number;
  maxKmh: number;
  fuelL: number | null;
  energyKWh: number | null;
  electricShare: number | null;
  score: number | null;
  scoreExplanation: { summary: string; tips: string[] } | null;
}
export interface TripDetailT extends TripSummary {
  route: Array<[number, number]> | null;
  speedProfile: Array<[number, number]>;
}
export interface TripPage {
  items: TripSummary[];
  nextCursor: string | null;
  retentionDays: number;
}
export interface Bucket {
  start: string;
  trips: number;
  distanceKm: number;
  drivingHours: number;
  score: number | null;
  electricShare: number | null;
}
export interface AnalyticsT {
  period: string;
  totals: Omit<Bucket, 'start'>;
  series: Bucket[];
}

export const km = (m: number) => `${(m / 1000).toFixed(1)} km`;
export const mins = (s: number) => `${Math.round(s / 60)} min`;
export const when = (iso: string) => new Date(iso).toLocaleString();
export const label = (t: TripSummary) => `${t.start.place ?? 'Start'} → ${t.end.place ?? 'End'}`;
