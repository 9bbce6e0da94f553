/** Speed over the trip as an SVG line: seconds from the start on x, km/h on y. */
export function SpeedChart({ points }: { points: Array<[number, number]> }) {
  if (points.length < 2) return <p>No speed profile for this trip.</p>;
  const w = 600;
  const h = 160;
  const maxS = points[points.length - 1]![0] || 1;
  const maxV = Math.max(30, ...points.map((p) => p[1]));
  const d = points.map(([s, v], i) => `${i ? 'L' : 'M'}${((s / maxS) * w).toFixed(1)},${(h - (v / maxV) * h).toFixed(1)}`).join(' ');
  return (
    <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label="Speed profile" data-testid="speed-chart" style={{ width: '100%' }}>
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" />
      <text x="0" y={h + 16} fontSize="12">0 min</text>
      <text x={w} y={h + 16} fontSize="12" textAnchor="end">{Math.round(maxS / 60)} min</text>
      <text x="2" y="12" fontSize="12">{Math.round(maxV)} km/h</text>
    </svg>
  );
}

/** One bar per bucket, labelled below. */
export function Bars({ values, labels, unit }: { values: number[]; labels: string[]; unit: string }) {
  const w = 600;
  const h = 140;
  const max = Math.max(1, ...values);
  const bw = w / Math.max(1, values.length);
  return (
    <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label={`Chart in ${unit}`} style={{ width: '100%' }}>
      {values.map((v, i) => (
        <g key={i}>
          <rect x={i * bw + 2} y={h - (v / max) * h} width={bw - 4} height={(v / max) * h} fill="currentColor" opacity="0.7">
            <title>{`${labels[i]}: ${v} ${unit}`}</title>
          </rect>
          <text x={i * bw + bw / 2} y={h + 14} fontSize="10" textAnchor="middle">{labels[i]}</text>
        </g>
      ))}
    </svg>
  );
}
