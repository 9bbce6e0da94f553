import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { CHANNEL_LABELS, KIND_LABELS, type Channel, type Preferences } from './types';
import { currentSubscription, disablePush, enablePush, pushUnsupported } from './push';

/** /app/notifications: which notices reach me on which channel, and push on this device. */
export function PreferencesPage() {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pushHere, setPushHere] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const unsupported = pushUnsupported();

  const load = useCallback(async () => {
    try {
      setPrefs(await api<Preferences>('/me/notification-preferences'));
      setPushHere(!!(await currentSubscription().catch(() => null)));
    } catch (e) {
      if (isSignedOut(e)) signInAgain();
      else setError(plainProblem(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (kind: string, channel: Channel, on: boolean) => {
    setError(null);
    const before = prefs;
    // Shown at once; put back if the server refuses.
    setPrefs((p) => p && { ...p, kinds: p.kinds.map((k) => (k.kind === kind ? { ...k, channels: { ...k.channels, [channel]: on } } : k)) });
    try {
      setPrefs(await api<Preferences>('/me/notification-preferences', { method: 'PUT', body: JSON.stringify({ preferences: { [kind]: { [channel]: on } } }) }));
      setSaved(`${KIND_LABELS[kind] ?? kind}: ${CHANNEL_LABELS[channel]} ${on ? 'on' : 'off'}`);
    } catch (e) {
      setPrefs(before);
      setError(plainProblem(e));
    }
  };
  const switchPush = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await (on ? enablePush() : disablePush());
      await load();
    } catch (e) {
      setError(e instanceof Error && !('problem' in e) ? e.message : plainProblem(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card">
      <div className="row between">
        <h1>Notification settings</h1>
        <a href="/app/inbox">Inbox</a>
      </div>
      {error && <p className="error">{error}</p>}
      <p role="status" data-testid="saved">
        {saved ? `Saved — ${saved}.` : ''}
      </p>
      {prefs && (
        <table className="prefs" data-testid="preferences">
          <thead>
            <tr>
              <th scope="col">Notice</th>
              {prefs.channels.map((c) => (
                <th scope="col" key={c}>
                  {CHANNEL_LABELS[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prefs.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{KIND_LABELS[k.kind] ?? k.kind}</th>
                {prefs.channels.map((c) => (
                  <td key={c}>
                    <input
                      type="checkbox"
                      aria-label={`${KIND_LABELS[k.kind] ?? k.kind}: ${CHANNEL_LABELS[c]}`}
                      checked={k.channels[c]}
                      onChange={(e) => void toggle(k.kind, c, e.target.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Push on this device</h2>
      <p>
        {prefs ? `${prefs.pushDevices} device${prefs.pushDevices === 1 ? '' : 's'} receive push notices.` : ''}{' '}
        Push notices reach this device even when the app is closed.
      </p>
      {unsupported ? (
        <p className="hint">{unsupported}</p>
      ) : pushHere ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => void switchPush(false)}>
          Turn off push on this device
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void switchPush(true)}>
          Enable push on this device
        </button>
      )}
    </section>
  );
}
