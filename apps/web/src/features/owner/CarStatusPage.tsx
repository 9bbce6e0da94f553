import { useCallback, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { carName } from './OwnerShell';
import { useEvents, useNow, useVehicleStatus, type CommandView } from './hooks';
import { useCommands } from './useCommands';
import { StatusView } from './StatusView';
import { RemoteCommands } from './RemoteCommands';
import { CommandProgress } from './CommandProgress';
import { duration } from './problems';
import { useOnline } from '../../lib/offline';

/** /app/cars/{VIN}: live status (server-sent events), refresh, remote commands and their progress. */
export function CarStatusPage({ car }: { car: GarageVehicleT }) {
  const { status, fetchedAt, error, reload } = useVehicleStatus(car.vin);
  const [refreshNote, setRefreshNote] = useState<string | null>(null);
  const onFinal = useCallback(
    (c: CommandView) => {
      void reload();
      if (c.name !== 'status.refresh') return;
      if (c.status === 'executed') setRefreshNote('Updated from the car just now.');
      else if (c.status === 'expired')
        setRefreshNote('The car did not answer: it is asleep or out of coverage. These are its last known values.');
      else setRefreshNote('The car could not send a fresh status. These are its last known values.');
    },
    [reload],
  );
  const commands = useCommands(car.vin, onFinal);
  const live = useEvents({
    vehicleState: (e) => e.vin === car.vin && void reload(),
    commandUpdated: (c) => c.vin === car.vin && commands.update(c),
  });
  const now = useNow();
  const online = useOnline();
  const drift = fetchedAt ? Math.max(0, Math.floor((now - fetchedAt) / 1000)) : 0;

  async function refresh() {
    const offline = status && !status.connection.online;
    setRefreshNote(
      offline
        ? 'The car is offline. The request waits for it for about a minute; meanwhile you see its last known values.'
        : 'Asking the car for a fresh status…',
    );
    const c = await commands.send('status.refresh', 'Refresh');
    if (!c) setRefreshNote(null);
  }

  const conn = status?.connection;
  const lastSeen = conn?.lastSeenAt ? (Date.parse(status!.asOf) - Date.parse(conn.lastSeenAt)) / 1000 + drift : null;
  return (
    <>
      {!online && (
        <p className="offline-banner" role="status" data-testid="offline-banner">
          You are offline – last known state{status ? ` (as of ${new Date(status.asOf).toLocaleString()})` : ''}. Commands
          and live updates resume when you are back online.
        </p>
      )}
      <section className="card status-head">
        <div className="row between">
          <div>
            <h1>{carName(car)}</h1>
            <small>
              {car.powertrain} · VIN {car.vin}
            </small>
          </div>
          <button type="button" onClick={() => void refresh()} disabled={commands.busy}>
            Refresh
          </button>
        </div>
        {conn && (
          <p data-testid="connection">
            <span className={`badge ${conn.online ? 'on' : 'off'}`}>{conn.online ? 'Online' : 'Offline'}</span>{' '}
            <small>
              {lastSeen === null
                ? 'never seen yet'
                : `last heard from ${lastSeen < 5 ? 'just now' : `${duration(lastSeen)} ago`}`}
              {' · '}
              {live ? 'live updates on' : 'live updates reconnecting…'}
            </small>
          </p>
        )}
        {refreshNote && <p className="notice">{refreshNote}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <CommandProgress tracked={commands.tracked} />
      </section>
      <RemoteCommands car={car} commands={commands} />
      {status ? <StatusView s={status} drift={drift} /> : !error && <p>Loading the car’s status…</p>}
    </>
  );
}
