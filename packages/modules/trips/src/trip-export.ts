import type { TripRow } from './trips.repository';

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GPX 1.1: the trip's (downsampled) route as one track; the route is absent when location history was off. */
export function tripGpx(t: TripRow): string {
  const points = (t.route ?? [])
    .map(([lat, lon]) => `      <trkpt lat="${lat}" lon="${lon}"></trkpt>`)
    .join('\n');
  const name = `${t.startPlace ?? 'Start'} → ${t.endPlace ?? 'End'}, ${t.startTs.toISOString()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Marque" xmlns="http://www.topografix.com/GPX/1/1">
  <metadata><name>${xml(name)}</name><time>${t.startTs.toISOString()}</time></metadata>
  <trk>
    <name>${xml(name)}</name>
    <trkseg>
${points}
    </trkseg>
  </trk>
</gpx>
`;
}

/** A cell that a spreadsheet will not run as a formula (CSV injection) and that survives commas and quotes. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'start_place',
  'end_place',
  'distance_km',
  'duration_min',
  'idle_min',
  'avg_kmh',
  'max_kmh',
  'fuel_l',
  'energy_kwh',
  'electric_share',
  'score',
];

export function tripsCsv(rows: TripRow[]): string {
  const lines = rows.map((t) =>
    [
      t.id,
      t.startTs,
      t.endTs,
      t.startPlace,
      t.endPlace,
      (t.distanceM / 1000).toFixed(2),
      (t.durationS / 60).toFixed(1),
      (t.idleS / 60).toFixed(1),
      t.avgKmh,
      t.maxKmh,
      t.fuelL,
      t.energyKWh,
      t.electricShare,
      t.score,
    ]
      .map(cell)
      .join(','),
  );
  return [COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
