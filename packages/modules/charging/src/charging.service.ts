import { AppError, type Clock, type Logger } from '@marque/kernel';
import type { ChargersRepository, ConnectorRow, TokenRow, ChargerRow } from './chargers.repository';
import type { AuthorizationStatus, BootReport, OcppVersion, StatusReport } from './charging.types';
import { DUMMY_HASH, generateChargerPassword, hashChargerPassword, verifyChargerPassword } from './charger-password';
import { normaliseIdTag, optionalText, requireChargePointId, validateStatus } from './charging.validation';

/** How often a charger should send Heartbeat (BootNotification's `interval`). */
export const HEARTBEAT_INTERVAL_SECONDS = 300;

export interface ChargingDeps {
  chargers: ChargersRepository;
  clock: Clock;
  log: Logger;
}

function requirePassword(p: string): string {
  // OCPP security whitepaper: Basic auth passwords are 16 to 40 characters.
  if (p.length < 16 || p.length > 40) throw AppError.invalidField('password', 'must be 16 to 40 characters', 'charger.password');
  return p;
}

function requireBoot(b: BootReport): BootReport {
  for (const [k, max] of [
    ['vendor', 50],
    ['model', 50],
    ['serial', 50],
    ['firmware', 50],
    ['reason', 32],
  ] as const) {
    optionalText(b[k], k, max);
  }
  if (!b.vendor || !b.model) throw AppError.invalidField(b.vendor ? 'model' : 'vendor', 'is required');
  return b;
}

export function createChargingService({ chargers, clock, log }: ChargingDeps) {
  const known = async (chargePointId: string): Promise<ChargerRow> => {
    const c = await chargers.find(chargePointId);
    if (!c) throw new AppError('not_found', `No charger ${chargePointId} is registered.`, { code: 'charger.unknown' });
    return c;
  };

  return {
    /** Registers a charger; without a password one is generated and returned (it is stored only as a hash). */
    async registerCharger(
      chargePointIdInput: string,
      passwordInput?: string,
    ): Promise<{ chargePointId: string; password: string }> {
      const chargePointId = requireChargePointId(chargePointIdInput);
      const password = passwordInput === undefined ? generateChargerPassword() : requirePassword(passwordInput);
      const created = await chargers.upsertPassword(chargePointId, await hashChargerPassword(password), clock.now(), false);
      if (!created) throw new AppError('conflict', `Charger ${chargePointId} is already registered.`, { code: 'charger.exists' });
      return { chargePointId, password };
    },

    /** Security profile 1/2 check; an unknown charger costs the same time as a wrong password. */
    async verifyPassword(chargePointId: string, password: string | Uint8Array | undefined): Promise<boolean> {
      const c = await chargers.find(chargePointId);
      const ok = await verifyChargerPassword(password ?? '', c?.passwordHash ?? DUMMY_HASH);
      return ok && !!c && password !== undefined;
    },

    /** Demo mode only: the first connection of an unknown charger registers it with the password it sent. */
    async autoRegister(chargePointId: string, password: string): Promise<boolean> {
      requireChargePointId(chargePointId);
      const created = await chargers.upsertPassword(
        chargePointId,
        await hashChargerPassword(requirePassword(password)),
        clock.now(),
        false,
      );
      if (created) log.warn({ chargePointId }, 'demo mode: registered an unknown charger on its first connection');
      return created;
    },

    async connected(chargePointId: string, version: OcppVersion): Promise<void> {
      await chargers.connected(chargePointId, version, clock.now());
    },

    async booted(
      chargePointId: string,
      boot: BootReport,
    ): Promise<{ status: 'Accepted'; currentTime: Date; intervalSeconds: number }> {
      const now = clock.now();
      if (!(await chargers.booted(chargePointId, requireBoot(boot), now))) await known(chargePointId);
      return { status: 'Accepted', currentTime: now, intervalSeconds: HEARTBEAT_INTERVAL_SECONDS };
    },

    async heartbeat(chargePointId: string): Promise<{ currentTime: Date }> {
      const now = clock.now();
      await chargers.seen(chargePointId, now);
      return { currentTime: now };
    },

    async statusChanged(chargePointId: string, report: StatusReport): Promise<void> {
      const now = clock.now();
      await chargers.setStatus(chargePointId, validateStatus({ ...report, ts: report.ts ?? now }), now);
    },

    /** Unknown or malformed tokens are Invalid; known ones Accepted unless blocked. */
    async authorize(idTag: string): Promise<AuthorizationStatus> {
      let tag: string;
      try {
        tag = normaliseIdTag(idTag);
      } catch {
        return 'Invalid';
      }
      const t = await chargers.findToken(tag);
      if (!t) return 'Invalid';
      return t.allowed ? 'Accepted' : 'Blocked';
    },

    async addToken(idTag: string, opts: { allowed?: boolean; label?: string } = {}): Promise<TokenRow> {
      const label = optionalText(opts.label, 'label', 100) ?? null;
      return chargers.upsertToken(normaliseIdTag(idTag), opts.allowed ?? true, label, clock.now());
    },

    async charger(chargePointId: string): Promise<Omit<ChargerRow, 'passwordHash'> | null> {
      const c = await chargers.find(chargePointId);
      if (!c) return null;
      const { passwordHash: _omit, ...rest } = c;
      return rest;
    },

    connectors(chargePointId: string): Promise<ConnectorRow[]> {
      return chargers.connectors(chargePointId);
    },
  };
}

export type ChargingService = ReturnType<typeof createChargingService>;
