import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { Alert, problemText, send, useSubmit } from '../accounts/forms';
import type { Me } from '../accounts/useMe';
import { DataExport } from './DataExport';

interface Consents {
  purposes: Array<{ purpose: string; title: string; description: string; granted: boolean; since: string | null }>;
  history: Array<{
    purpose: string;
    vin: string | null;
    action: string;
    noticeVersion: number | null;
    method: string;
    recordedAt: string;
  }>;
}

/** Data Privacy Portal: terms and notice one click away, one-click consent toggles and their history. */
export function PrivacyPortal({ me, onTermsAccepted }: { me: Me; onTermsAccepted: () => void }) {
  const [consents, setConsents] = useState<Consents | null>(null);
  const [error, setError] = useState<{ text: string } | null>(null);
  useEffect(() => {
    api<Consents>('/me/consents').then(setConsents, (e) => setError({ text: problemText(e) }));
  }, []);
  async function toggle(purpose: string, granted: boolean) {
    setError(null);
    try {
      setConsents(await api<Consents>(`/me/consents/${purpose}`, send('PUT', { granted, method: 'web' })));
    } catch (e) {
      setError({ text: problemText(e) });
    }
  }
  const title = (p: string) => consents?.purposes.find((x) => x.purpose === p)?.title ?? p;
  return (
    <section className="card" id="privacy">
      <h2>Data Privacy Portal</h2>
      <p>
        <a href="/app/legal/terms">Terms of use</a> · <a href="/app/legal/privacy">Privacy notice</a>
      </p>
      {!me.terms.accepted && me.terms.currentVersion !== null && (
        <TermsPrompt version={me.terms.currentVersion} onAccepted={onTermsAccepted} />
      )}
      <h3>Your consents</h3>
      <ul className="plain consents">
        {consents?.purposes.map((p) => (
          <li key={p.purpose}>
            <label className="toggle">
              <input type="checkbox" checked={p.granted} onChange={(e) => void toggle(p.purpose, e.target.checked)} />
              <strong>{p.title}</strong>
            </label>
            <small> {p.description}</small>
          </li>
        ))}
      </ul>
      <Alert error={error} />
      <details>
        <summary>History of your choices ({consents?.history.length ?? 0})</summary>
        <ul className="plain">
          {consents?.history.map((h, i) => (
            <li key={i}>
              {new Date(h.recordedAt).toLocaleString()}: {title(h.purpose)} {h.vin ? `(${h.vin}) ` : ''}
              {h.action === 'given' ? 'given' : 'withdrawn'}{' '}
              <small>
                via {h.method}, privacy notice v{h.noticeVersion ?? '—'}
              </small>
            </li>
          ))}
        </ul>
      </details>
      <DataExport />
    </section>
  );
}

function TermsPrompt({ version, onAccepted }: { version: number; onAccepted: () => void }) {
  const s = useSubmit(async () => {
    await api('/me/terms/accept', send('POST', { version }));
    onAccepted();
    return true;
  });
  return (
    <div className="notice">
      <p>
        Version {version} of the <a href="/app/legal/terms">terms of use</a> is new for you. Please read and accept it.
      </p>
      <button type="button" onClick={() => void s.onSubmit()} disabled={s.busy}>
        I accept the terms of use v{version}
      </button>
      <Alert error={s.error} />
    </div>
  );
}
