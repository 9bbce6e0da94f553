import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import type { CommandView } from './hooks';
import { newIdempotencyKey, plainProblem } from './problems';

export const FINAL = new Set<CommandView['status']>(['executed', 'failed', 'rejected', 'expired']);
const POLL_MS = 1500;

export interface Tracked {
  command: CommandView;
  label: string;
}

/**
 * Sends remote commands (each with its own Idempotency-Key) and follows them to a final state, through the events
 * stream (`update`) and, should an event be missed, by polling GET …/commands/{id}. `onFinal` re-reads the car.
 */
export function useCommands(vin: string, onFinal: (c: CommandView) => void) {
  const [tracked, setTracked] = useState<Tracked[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const finals = useRef(new Set<string>());
  // The newest state seen per command: a fast car's events may arrive before the POST that created it returns.
  const latest = useRef(new Map<string, CommandView>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const onFinalRef = useRef(onFinal);
  useEffect(() => {
    onFinalRef.current = onFinal;
  });
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach(clearTimeout);
  }, []);

  const update = useCallback((c: CommandView) => {
    const known = latest.current.get(c.id);
    if (known && rank(known) > rank(c)) return;
    latest.current.set(c.id, c);
    setTracked((list) => list.map((t) => (t.command.id === c.id ? { ...t, command: c } : t)));
    if (FINAL.has(c.status) && !finals.current.has(c.id)) {
      finals.current.add(c.id);
      onFinalRef.current(c);
    }
  }, []);

  const poll = useCallback(
    (c: CommandView) => {
      const t = setTimeout(async () => {
        timers.current.delete(t);
        if (FINAL.has(latest.current.get(c.id)?.status ?? c.status)) return;
        const next = await api<CommandView>(`/vehicles/${vin}/commands/${c.id}`).catch(() => c);
        update(next);
        if (!FINAL.has(next.status) && Date.now() < Date.parse(next.expiresAt) + 30_000) poll(next);
      }, POLL_MS);
      timers.current.add(t);
    },
    [vin, update],
  );

  const send = useCallback(
    async (name: string, label: string, params: Record<string, unknown> = {}) => {
      setError(null);
      setBusy(true);
      try {
        const c = await api<CommandView>(`/vehicles/${vin}/commands`, {
          method: 'POST',
          body: JSON.stringify({ name, params }),
          headers: { 'idempotency-key': newIdempotencyKey() },
        });
        update(c);
        const best = latest.current.get(c.id) ?? c;
        setTracked((list) => [{ command: best, label }, ...list].slice(0, 6));
        if (!FINAL.has(best.status)) poll(best);
        return best;
      } catch (e) {
        setError(plainProblem(e));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [vin, update, poll],
  );

  return { tracked, error, busy, send, update };
}

const ORDER: Record<CommandView['status'], number> = {
  queued: 0,
  sent: 1,
  acked: 2,
  executed: 3,
  failed: 3,
  rejected: 3,
  expired: 3,
};
/** Events and polls may arrive out of order: never step a command backwards. */
const rank = (c: CommandView) => ORDER[c.status];

const REASONS: Record<string, string> = {
  vehicle_moving: 'the car is moving',
  not_plugged_in: 'the car is not plugged in',
  charge_limit_reached: 'the battery is already at its charge limit',
  not_charging: 'the car is not charging',
  no_traction_battery: 'this car has no battery to charge',
  broker_unavailable: 'the platform could not reach the car network',
};

/** The state of a command in plain words. */
export function commandText(c: CommandView): string {
  const why = c.reason ? (REASONS[c.reason] ?? c.reason) : '';
  switch (c.status) {
    case 'queued':
      return 'Queued…';
    case 'sent':
      return 'Sent, waiting for the car…';
    case 'acked':
      return 'The car received it…';
    case 'executed':
      return 'Done';
    case 'failed':
      return `The car could not do it${why ? `: ${why}` : ''}.`;
    case 'rejected':
      return `The car refused it${why ? `: ${why}` : ''}.`;
    case 'expired':
      return 'The car did not answer in time: it may be asleep or out of coverage.';
  }
}
