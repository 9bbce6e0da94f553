import { useEffect, useState } from 'react';
import { Alert, Field, api, problemText, send, useSubmit } from './forms';
import { useMe, type Me } from './useMe';
import { PrivacyPortal } from '../privacy/PrivacyPortal';
import { DeleteAccount } from './DeleteAccount';
import { ConnectedApps } from './ConnectedApps';
import { SubscriptionsOverview } from '../garage/SubscriptionsOverview';
import { clearOfflineCache } from '../../lib/offline';

/** /app/account: profile, password, devices, the Data Privacy Portal and account deletion. */
export function AccountPage() {
  const { me, error, reload, setMe } = useMe();
  if (error) return <p className="error">{error}</p>;
  if (me === undefined) return <p>Loading…</p>;
  if (me === null)
    return (
      <section className="card">
        <h2>Please sign in</h2>
        <p>
          Your session has ended. <a href="/">Sign in</a> to see your account.
        </p>
      </section>
    );
  async function signOut() {
    await api('/session', send('DELETE')).catch(() => undefined);
    await clearOfflineCache();
    window.location.assign('/');
  }
  return (
    <>
      <div className="row between">
        <h1>Hello {me.name}</h1>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      <nav className="row" aria-label="Account sections">
        <a href="#profile">Profile</a> · <a href="#password">Password</a> · <a href="#devices">Signed-in devices</a> · <a href="#apps">Connected apps</a> · <a href="#subscriptions">Subscriptions</a> ·{' '}
        <a href="#privacy">Data Privacy Portal</a> · <a href="/app/legal/terms">Terms of use</a> ·{' '}
        <a href="/app/legal/privacy">Privacy notice</a>
      </nav>
      <PrivacyPortal me={me} onTermsAccepted={() => void reload()} />
      <Profile me={me} onSaved={setMe} />
      <PasswordChange />
      <Devices />
      <ConnectedApps />
      <SubscriptionsOverview />
      <DeleteAccount />
    </>
  );
}

function Profile({ me, onSaved }: { me: Me; onSaved: (m: Me) => void }) {
  const [f, setF] = useState({ name: me.name, market: me.market, language: me.language });
  const s = useSubmit(async () => {
    const m = await api<Me>('/me', send('PATCH', f));
    onSaved(m);
    return true;
  });
  return (
    <section className="card" id="profile">
      <h2>Profile</h2>
      <p>
        <small>E-mail: {me.email}</small>
      </p>
      <form onSubmit={s.onSubmit} className="stack" noValidate>
        <Field
          id="p-name"
          label="Name"
          value={f.name}
          onChange={(name) => setF({ ...f, name })}
          invalid={s.error?.field === 'name'}
        />
        <Field
          id="p-market"
          label="Country (ISO code)"
          value={f.market}
          onChange={(v) => setF({ ...f, market: v.toUpperCase() })}
        />
        <label className="field" htmlFor="p-language">
          <span>Language</span>
          <select id="p-language" value={f.language} onChange={(e) => setF({ ...f, language: e.target.value as 'en' | 'de' })}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
          </select>
        </label>
        <button type="submit" disabled={s.busy}>
          Save
        </button>
        {s.result && <p className="ok">Saved.</p>}
        <Alert error={s.error} />
      </form>
    </section>
  );
}

function PasswordChange() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const s = useSubmit(async () => {
    await api('/me/password', send('PUT', { currentPassword, newPassword }));
    setCurrent('');
    setNew('');
    return true;
  });
  return (
    <section className="card" id="password">
      <h2>Password</h2>
      <form onSubmit={s.onSubmit} className="stack" noValidate>
        <Field
          id="pw-current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrent}
          invalid={s.error?.field === 'currentPassword'}
        />
        <Field
          id="pw-new"
          label="New password (at least 10 characters)"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNew}
          invalid={s.error?.field === 'newPassword'}
        />
        <button type="submit" disabled={s.busy}>
          Change password
        </button>
        {s.result && <p className="ok">Password changed; your other devices were signed out.</p>}
        <Alert error={s.error} />
      </form>
    </section>
  );
}

interface Device {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

function Devices() {
  const [list, setList] = useState<Device[]>([]);
  const load = () => api<{ sessions: Device[] }>('/me/sessions').then((r) => setList(r.sessions));
  useEffect(() => {
    void load();
  }, []);
  const [error, setError] = useState<{ text: string } | null>(null);
  async function signOutDevice(id: string) {
    setError(null);
    await api(`/me/sessions/${id}`, send('DELETE')).catch((e) => setError({ text: problemText(e) }));
    await load();
  }
  return (
    <section className="card" id="devices">
      <h2>Signed-in devices</h2>
      <ul className="plain">
        {list.map((d) => (
          <li key={d.id} className="row between">
            <span>
              {d.userAgent ?? 'Unknown device'}{' '}
              <small>
                · {d.ip ?? '—'} · last used {new Date(d.lastSeenAt).toLocaleString()}
              </small>
              {d.current && <strong> (this device)</strong>}
            </span>
            {!d.current && (
              <button type="button" onClick={() => void signOutDevice(d.id)}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      <Alert error={error} />
    </section>
  );
}
