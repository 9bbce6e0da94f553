import { randomUUID } from 'node:crypto';
import { AppError, type Clock } from '@marque/kernel';
import type { HeadUnitRepository, SaleRow } from './headunit.repository';
import type { OwnershipService, OwnershipView } from './ownership.service';
import type { VehicleHooks } from './vehicle-hooks';
import { requireValidVin } from './vehicles.service';

export interface SaleView {
  id: string;
  vin: string;
  sellerEmail: string;
  status: 'pending' | 'completed' | 'withdrawn';
  announcedAt: string;
  closedAt: string | null;
  buyerEmail: string | null;
}

const view = (s: SaleRow): SaleView => ({
  id: s.id,
  vin: s.vin,
  sellerEmail: s.sellerEmail,
  status: s.status,
  announcedAt: s.announcedAt.toISOString(),
  closedAt: s.closedAt?.toISOString() ?? null,
  buyerEmail: s.buyerEmail,
});

/**
 * Selling through a retailer (docs/ownership.md): the registered owner announces the sale; a retailer sees it pending
 * and completes it with the buyer's e-mail, which records the change of ownership.
 */
export function createSalesService(deps: {
  headUnit: HeadUnitRepository;
  ownership: OwnershipService;
  hooks: VehicleHooks;
  clock: Clock;
  assertOwnerOnCar(accountId: string, vin: string, feature: string): Promise<void>;
}) {
  return {
    /** Announces the sale (idempotent while one is pending); only the registered owner holding the car may. */
    async announce(accountId: string, vinInput: string): Promise<{ sale: SaleView; created: boolean }> {
      const vin = requireValidVin(vinInput);
      await deps.assertOwnerOnCar(accountId, vin, 'Selling the car through a retailer');
      const pending = await deps.headUnit.pendingSale(vin);
      if (pending) return { sale: view(pending), created: false };
      const email = (await deps.hooks.account?.(accountId))?.email ?? '';
      const row = await deps.headUnit.addSale({ id: randomUUID(), vin, sellerAccountId: accountId, sellerEmail: email, at: deps.clock.now() });
      return { sale: view(row), created: true };
    },

    /** The seller's pending sale of that car, or null (another account never sees it). */
    async mine(accountId: string, vinInput: string): Promise<SaleView | null> {
      const s = await deps.headUnit.pendingSale(requireValidVin(vinInput));
      return s && s.sellerAccountId === accountId ? view(s) : null;
    },

    async withdraw(accountId: string, vinInput: string): Promise<void> {
      const s = await deps.headUnit.pendingSale(requireValidVin(vinInput));
      if (!s || s.sellerAccountId !== accountId) throw new AppError('not_found', 'You have no pending sale for this car.', { code: 'sale.none' });
      await deps.headUnit.closeSale(s.id, { status: 'withdrawn', at: deps.clock.now() });
    },

    /**
     * For retailers: pending sales, newest first, a page at a time (`next` continues after the last one); `vin`, a
     * whole VIN or its first characters, narrows them to the car at the counter.
     */
    async pending(q: { vin?: string; before?: string; limit?: number } = {}): Promise<{ sales: SaleView[]; next: string | null }> {
      const vinPrefix = q.vin?.trim().toUpperCase() || undefined;
      if (vinPrefix !== undefined && !/^[A-HJ-NPR-Z0-9]{1,17}$/.test(vinPrefix)) {
        throw AppError.invalidField('vin', 'vin must be a VIN or its first characters (letters and digits; no I, O or Q)');
      }
      const limit = q.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw AppError.invalidField('limit', 'limit must be a whole number from 1 to 200');
      }
      const before = q.before === undefined ? undefined : parseSaleCursor(q.before);
      const rows = await deps.headUnit.pendingSales({ vinPrefix, before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { sales: page.map(view), next: rows.length > limit && last ? saleCursor(last) : null };
    },

    /** A retailer completes a pending sale: the buyer becomes the registered owner from `effectiveDate`. */
    async complete(retailerId: string, saleId: string, input: { buyerEmail: string; effectiveDate: string }): Promise<{ sale: SaleView; record: OwnershipView }> {
      const s = await deps.headUnit.saleById(saleId);
      if (!s) throw new AppError('not_found', 'No such sale.', { code: 'sale.unknown' });
      if (s.status !== 'pending') throw new AppError('conflict', `This sale is already ${s.status}.`, { code: 'sale.closed' });
      const buyer = input.buyerEmail.trim().toLowerCase();
      if (buyer === s.sellerEmail.toLowerCase()) throw AppError.invalidField('buyerEmail', 'The buyer must be someone other than the seller.', 'sale.same_person');
      // Claim the sale first (one retailer wins), then record the owner; a refused record puts the sale back.
      if (!(await deps.headUnit.closeSale(s.id, { status: 'completed', at: deps.clock.now(), buyerEmail: buyer, completedBy: retailerId }))) {
        throw new AppError('conflict', 'This sale was closed meanwhile.', { code: 'sale.closed' });
      }
      try {
        const record = await deps.ownership.record(retailerId, { vin: s.vin, ownerEmail: buyer, effectiveDate: input.effectiveDate });
        return { sale: view((await deps.headUnit.saleById(s.id))!), record };
      } catch (e) {
        await deps.headUnit.reopenSale(s.id);
        throw e;
      }
    },
  };
}

export type SalesService = ReturnType<typeof createSalesService>;

/** Where a page of pending sales ended: opaque to clients (base64url of the announcement time and the sale id). */
const saleCursor = (r: SaleRow) => Buffer.from(`${r.announcedAt.toISOString()}|${r.id}`).toString('base64url');

function parseSaleCursor(raw: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(raw, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(at.getTime())) {
    throw AppError.invalidField('before', 'before must be the `next` value of an earlier page');
  }
  return { at, id };
}
