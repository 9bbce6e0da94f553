import { api, ApiError } from '../../lib/api';
import { plainProblem } from '../owner/problems';

export type ActivationBody = { method: 'odometer'; odometerKm: number } | { method: 'code'; code: string };

export const activate = (vin: string, body: ActivationBody) =>
  api<{ vin: string; since: string; previousHolderNotified: boolean }>(`/vehicles/${vin}/activation`, {
    method: 'POST',
    body: JSON.stringify(body),
  });

/** A refused activation in plain words: attempts left after a wrong answer, the time a lock-out lifts. */
export function activationProblem(e: unknown): string {
  if (!(e instanceof ApiError)) return plainProblem(e);
  const p = e.problem;
  const left =
    p.remainingAttempts === undefined
      ? ''
      : p.remainingAttempts > 0
        ? ` ${p.remainingAttempts} attempt${p.remainingAttempts === 1 ? '' : 's'} left before activation is locked for 24 hours.`
        : ' That was the last attempt: activation for this car is now locked for 24 hours.';
  switch (p.code) {
    case 'activation.odometer_mismatch':
      return `The mileage you typed does not match what the car reports. Check the odometer in the instrument cluster.${left}`;
    case 'activation.locked': {
      const at = p.retryAfterSeconds ? new Date(Date.now() + p.retryAfterSeconds * 1000) : null;
      return `Too many wrong attempts for this car. ${at ? `You can try again at ${at.toLocaleString()}.` : 'Please try again tomorrow.'}`;
    }
    case 'activation.already_active':
      return 'Connected services for this car are already active on your account.';
    default:
      return `${p.detail}${left}`;
  }
}
