import { createHash, randomInt } from 'node:crypto';
import { AppError, type Clock } from '@marque/kernel';
import type { VehicleHoldersRepository } from './vehicle-holders.repository';
import type { StoredVehicle, VehiclesRepository } from './vehicles.repository';
import type { GarageRepository } from './garage.repository';
import type { VehicleHooks } from './vehicle-hooks';
import { requireValidVin } from './vehicles.service';

export const ACTIVATION = {
  maxFailures: 5,
  windowMs: 24 * 3600_000,
  readingMaxAgeMs: 5 * 60_000,
  codeTtlMs: 5 * 60_000,
  /** ±2 km or 0.5 % of the reading, whichever is larger: the cluster rounds and the car may have moved a little. */
  toleranceKm: (km: number) => Math.max(2, km * 0.005),
};

export type ActivationRequest = { method: 'odometer'; odometerKm: number } | { method: 'code'; code: string };

// No 0/O, 1/I/L: codes are read off a screen and may be typed.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const normalise = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashCode = (code: string) => createHash('sha256').update(`activation:${normalise(code)}`).digest('hex');

/** Proof of physical access: an odometer reading or a head-unit code moves the car's services to the account. */
export function createActivationService(deps: {
  repo: VehiclesRepository;
  holders: VehicleHoldersRepository;
  garage: GarageRepository;
  hooks: VehicleHooks;
  clock: Clock;
}) {
  async function connected(vinInput: string): Promise<StoredVehicle> {
    const vin = requireValidVin(vinInput);
    const v = await deps.repo.findByVin(vin);
    if (!v) throw new AppError('not_found', `No vehicle with VIN ${vin} is in the registry.`, { code: 'vehicle.unknown' });
    if (v.headUnit === 'none') {
      throw new AppError('unprocessable', 'This car has no connected-services unit.', { code: 'vehicle.not_connected' });
    }
    return v;
  }

  async function assertNotLocked(vin: string, accountId: string, now: Date) {
    const f = await deps.garage.failedSince(vin, accountId, new Date(now.getTime() - ACTIVATION.windowMs));
    if (f.n < ACTIVATION.maxFailures) return ACTIVATION.maxFailures - f.n;
    const liftsAt = (f.oldest ?? now).getTime() + ACTIVATION.windowMs;
    throw new AppError('rate_limited', `Too many failed attempts for this car: try again after ${new Date(liftsAt).toISOString()}.`, {
      code: 'activation.locked',
      retryAfterSeconds: Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000)),
    });
  }

  async function fail(vin: string, accountId: string, method: 'odometer' | 'code', now: Date, left: number, e: AppError) {
    await deps.garage.recordAttempt({ vin, accountId, method, ok: false, at: now });
    e.details.remainingAttempts = left - 1;
    throw e;
  }

  async function checkOdometer(v: StoredVehicle, accountId: string, typedKm: number, now: Date, left: number) {
    const port = deps.hooks.odometer;
    if (!port) throw new AppError('unavailable', 'Odometer checks are not available right now.', { code: 'activation.no_telemetry' });
    const reading = await port.read(v.vin);
    if (!reading || now.getTime() - reading.at.getTime() > ACTIVATION.readingMaxAgeMs) {
      await port.requestFresh(v.vin).catch(() => undefined);
      throw new AppError('conflict', 'We asked the car for a fresh odometer reading: switch the car on and try again in a moment.', {
        code: 'activation.reading_pending',
        retryAfterSeconds: 10,
      });
    }
    if (Math.abs(reading.km - typedKm) > ACTIVATION.toleranceKm(reading.km)) {
      await fail(v.vin, accountId, 'odometer', now, left, new AppError('unprocessable', 'The odometer reading does not match what the car reports.', {
        code: 'activation.odometer_mismatch',
        field: 'odometerKm',
      }));
    }
  }

  async function checkCode(v: StoredVehicle, accountId: string, code: string, now: Date, left: number) {
    const hash = hashCode(code);
    const row = await deps.garage.findCode(hash);
    const refuse = (kind: 'unprocessable' | 'gone', code: string, message: string) =>
      fail(v.vin, accountId, 'code', now, left, new AppError(kind, message, { code, field: 'code' }));
    if (!row) return refuse('unprocessable', 'activation.code_invalid', 'This code is not valid.');
    if (row.vin !== v.vin) return refuse('unprocessable', 'activation.code_foreign', 'This code belongs to another car.');
    if (row.usedAt) return refuse('gone', 'activation.code_used', 'This code was used already: show a new one on the head unit.');
    if (row.expiresAt <= now) return refuse('gone', 'activation.code_expired', 'This code expired: show a new one on the head unit.');
    if (!(await deps.garage.useCode(hash, accountId, now))) {
      return refuse('gone', 'activation.code_used', 'This code was used already: show a new one on the head unit.');
    }
  }

  return {
    /** Proves physical access and takes over the car's services; the previous holder's access ends at that instant. */
    async activate(accountId: string, vinInput: string, req: ActivationRequest) {
      const v = await connected(vinInput);
      const now = deps.clock.now();
      const current = await deps.holders.holderAt(v.vin, now);
      if (current?.accountId === accountId) {
        throw new AppError('conflict', 'Connected services for this car are already active on your account.', {
          code: 'activation.already_active',
        });
      }
      const left = await assertNotLocked(v.vin, accountId, now);
      if (req.method === 'odometer') await checkOdometer(v, accountId, req.odometerKm, now, left);
      else await checkCode(v, accountId, req.code, now, left);
      await deps.garage.recordAttempt({ vin: v.vin, accountId, method: req.method, ok: true, at: now });
      await deps.garage.addEntry(accountId, v.vin, now);
      await deps.holders.startHolding(v.vin, accountId, now);
      const handover = { vin: v.vin, from: current?.accountId ?? null, to: accountId, at: now, method: req.method };
      for (const h of deps.hooks.handedOver) await h(handover);
      return { vin: v.vin, since: now.toISOString(), previousHolderNotified: !!current };
    },

    /** A fresh single-use code for the car's head unit (asked for by the car itself); valid five minutes. */
    async issueCode(vinInput: string): Promise<{ code: string; expiresAt: string }> {
      const v = await connected(vinInput);
      if (!v.smartConnect && v.headUnit !== 'mm21') {
        throw new AppError('unprocessable', 'This head unit cannot show activation codes; use the odometer check.', {
          code: 'activation.code_unsupported',
        });
      }
      const raw = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + ACTIVATION.codeTtlMs);
      await deps.garage.storeCode({ codeHash: hashCode(code), vin: v.vin, createdAt: now, expiresAt });
      return { code, expiresAt: expiresAt.toISOString() };
    },
  };
}

export type ActivationService = ReturnType<typeof createActivationService>;
