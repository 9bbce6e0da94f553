import { useEffect, useState } from 'react';
import { Alert, api, problemText, send } from './forms';

interface ConnectedApp {
  grantId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  grantedAt: string;
}

/** The same plain words the consent page uses. */
const scopeWords: Record<string, string> = {
  read_location: 'see where the car is',
  read_trips: 'see trips',
  read_status: 'see the car’s status',
  control_security: 'lock, unlock, lights and hazards',
  control_climate: 'climate control',
  control_charging: 'start and stop charging',
  offline_access: 'stay connected',
  profile: 'your name',
  email: 'your e-mail address',
};

/** Apps and head units the owner allowed, with what each may do; disconnecting revokes all its tokens. */
export function ConnectedApps() {
  const [apps, setApps] = useState<ConnectedApp[] | null>(null);
  const [error, setError] = useState<{ text: string } | null>(null);
  const load = () =>
    api<{ apps: ConnectedApp[] }>('/me/apps')
      .then((r) => setApps(r.apps))
      .catch((e) => setError({ text: problemText(e) }));
  useEffect(() => {
    void load();
  }, []);
  async function disconnect(grantId: string) {
    setError(null);
    await api(`/me/apps/${encodeURIComponent(grantId)}`, send('DELETE')).catch((e) => setError({ text: problemText(e) }));
    await load();
  }
  return (
    <section className="card" id="apps">
      <h2>Connected apps</h2>
      {apps?.length === 0 && <p>No apps or head units are connected to your account.</p>}
      <ul className="plain">
        {apps?.map((a) => (
          <li key={a.grantId} className="row between">
            <span>
              <strong>{a.clientName}</strong>{' '}
              <small>
                · may{' '}
                {a.scopes
                  .filter((s) => scopeWords[s])
                  .map((s) => scopeWords[s])
                  .join(', ')}{' '}
                · since {new Date(a.grantedAt).toLocaleDateString()}
              </small>
            </span>
            <button type="button" onClick={() => void disconnect(a.grantId)}>
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      <Alert error={error} />
    </section>
  );
}
