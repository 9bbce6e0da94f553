/** A 0-100 driving score from acceleration, braking and speed steadiness, with words a driver understands. */

export interface ScoreResult {
  score: number;
  details: { summary: string; tips: string[]; hardAccelerations: number; hardBrakings: number; steadiness: number };
}

const HARD_ACCEL = 3.0; // m/s²
const HARD_BRAKE = -3.5; // m/s²

/** Counts runs above a threshold once: one hard braking lasts several samples. */
function episodes(xs: number[], hit: (v: number) => boolean): number {
  let n = 0;
  let inside = false;
  for (const v of xs) {
    if (hit(v) && !inside) n++;
    inside = hit(v);
  }
  return n;
}

export function scoreTrip(input: { accelerations: number[]; speeds: number[]; distanceM: number }): ScoreResult {
  const hardAccelerations = episodes(input.accelerations, (a) => a >= HARD_ACCEL);
  const hardBrakings = episodes(input.accelerations, (a) => a <= HARD_BRAKE);
  const per10km = 10_000 / Math.max(input.distanceM, 2_000);
  const moving = input.accelerations.filter((a) => Math.abs(a) > 0.05);
  const meanAbs = moving.length ? moving.reduce((s, a) => s + Math.abs(a), 0) / moving.length : 0;
  // 1 = no speed changes at all; 0.6 m/s² average change is already restless city driving.
  const steadiness = Math.max(0, Math.min(1, 1 - meanAbs / 1.5));
  // Each part is capped, so one habit cannot hide how the others went.
  const penalty =
    Math.min(40, hardBrakings * per10km * 5) + Math.min(25, hardAccelerations * per10km * 3) + (1 - steadiness) * 30;
  const score = Math.max(0, Math.min(100, Math.round(100 - penalty)));
  const tips: string[] = [];
  if (hardBrakings > 0)
    tips.push(`You braked hard ${hardBrakings} time${hardBrakings > 1 ? 's' : ''}: look further ahead and ease off earlier.`);
  if (hardAccelerations > 0)
    tips.push(
      `You accelerated hard ${hardAccelerations} time${hardAccelerations > 1 ? 's' : ''}: pressing the pedal gently saves energy.`,
    );
  if (steadiness < 0.7) tips.push('Your speed changed often: keeping a steady pace and more distance smooths the ride.');
  const summary =
    score >= 85
      ? 'Smooth and anticipating driving.'
      : score >= 65
        ? 'Mostly smooth driving, with a few abrupt moments.'
        : 'Quite abrupt driving: gentler braking and accelerating would raise your score.';
  return { score, details: { summary, tips, hardAccelerations, hardBrakings, steadiness: Math.round(steadiness * 100) / 100 } };
}
