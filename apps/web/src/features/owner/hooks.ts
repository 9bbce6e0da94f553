import { useCallback, useEffect, useRef, useState } from 'react';
import type { GarageVehicleT, VehicleStatusT } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from './problems';

/** A remote command as GET …/commands/{id} and the events stream report it. */
export interface CommandView {
  id: string;
  vin: string;
  name: string;
  params: Record<string, unknown>;
  status: 'queued' | 'sent' | 'acked' | 'executed' | 'failed' | 'rejected' | 'expired';
  reason: string | null;
  issuedAt: string;
  expiresAt: string;
  updatedAt: string;
}

/**
 * The cars the signed-in account holds; not signed in sends the visitor to the sign-in page. Connected services
 * need the current terms of use: until they are accepted `termsNeeded` is set and the list is empty.
 */
export function useGarage() {
  const [cars, setCars] = useState<GarageVehicleT[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [termsNeeded, setTermsNeeded] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    api<{ vehicles: GarageVehicleT[] }>('/garage').then(
      (g) => setCars(g.vehicles),
      (e) => {
        if (isSignedOut(e)) return signInAgain();
        if (e instanceof ApiError && e.problem.code === 'terms.not_accepted') {
          setTermsNeeded(true);
          return setCars([]);
        }
        setError(plainProblem(e));
      },
    );
  }, [version]);
  return { cars, error, termsNeeded, reload };
}

/** Re-renders every `ms`, so "how old" stays true without refetching. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export interface EventHandlers {
  vehicleState?: (e: { vin: string; signals: string[] }) => void;
  commandUpdated?: (c: CommandView) => void;
}

/** The account's server-sent events (GET /api/v1/events); the browser reconnects by itself. Returns "connected". */
export function useEvents(handlers: EventHandlers): boolean {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const es = new EventSource('/api/v1/events');
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('vehicle.state', (m) => ref.current.vehicleState?.(JSON.parse((m as MessageEvent<string>).data)));
    es.addEventListener('command.updated', (m) => ref.current.commandUpdated?.(JSON.parse((m as MessageEvent<string>).data)));
    return () => es.close();
  }, []);
  return connected;
}

/** The car's live status; `reload` coalesces bursts of change events into one request at a time. */
export function useVehicleStatus(vin: string) {
  const [status, setStatus] = useState<VehicleStatusT | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const again = useRef(false);
  const reload = useCallback(async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        const s = await api<VehicleStatusT>(`/vehicles/${vin}/status`);
        setStatus(s);
        setFetchedAt(Date.now());
        setError(null);
      } while (again.current);
    } catch (e) {
      if (isSignedOut(e)) signInAgain();
      else setError(plainProblem(e));
    } finally {
      busy.current = false;
    }
  }, [vin]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { status, fetchedAt, error, reload };
}
