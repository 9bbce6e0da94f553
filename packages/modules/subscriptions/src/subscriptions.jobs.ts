import type { Clock } from '@marque/kernel';
import type { SubscriptionsRepository } from './subscriptions.repository';
import type { PackageView, SubscriptionsService } from './subscriptions.service';

export const REMINDER_DAYS = [90, 30, 7] as const;
export const REMINDERS_JOB = 'subscriptions.expiry-reminders';

export interface Reminder {
  vin: string;
  accountId: string;
  pkg: PackageView;
  days: number;
}

/**
 * Named, idempotent sweep: for each active subscription within 90, 30 or 7 days of its end, the nearest threshold
 * crossed is sent once (a late sweep never sends the 90-day notice after the 30-day one).
 */
export function expiryRemindersJob(deps: {
  service: SubscriptionsService;
  repo: SubscriptionsRepository;
  clock: Clock;
  send(r: Reminder): Promise<void>;
}) {
  return {
    name: REMINDERS_JOB,
    async run(): Promise<{ status: 'done'; sent: number }> {
      const now = deps.clock.now();
      let sent = 0;
      for (const s of await deps.service.activeSubscriptions()) {
        const end = new Date(s.pkg.until!);
        const daysLeft = (end.getTime() - now.getTime()) / 86_400_000;
        const crossed = REMINDER_DAYS.filter((d) => daysLeft <= d);
        if (!crossed.length || daysLeft <= 0) continue;
        const nearest = Math.min(...crossed);
        let fresh = false;
        for (const days of crossed) {
          const first = await deps.repo.markReminder({ vin: s.vin, accountId: s.accountId, package: s.pkg.id, days, expiresAt: end, sentAt: now });
          if (days === nearest) fresh = first;
        }
        if (fresh) {
          await deps.send({ ...s, days: nearest });
          sent++;
        }
      }
      return { status: 'done', sent };
    },
  };
}
