import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { Alert, problemText, send } from '../accounts/forms';

interface ExportView {
  id: string;
  status: 'queued' | 'ready' | 'failed';
  requestedAt: string;
  readyAt: string | null;
  expiresAt: string | null;
  sizeBytes: number | null;
}

/** GDPR art. 15/20: request a copy of all personal data; the worker builds a zip and mails when it is ready. */
export function DataExport() {
  const [exports, setExports] = useState<ExportView[]>([]);
  const [error, setError] = useState<{ text: string } | null>(null);
  const reload = () => api<ExportView[]>('/me/exports').then(setExports, (e) => setError({ text: problemText(e) }));
  useEffect(() => {
    void reload();
  }, []);
  // While a build is queued, look again every few seconds.
  useEffect(() => {
    if (!exports.some((e) => e.status === 'queued')) return;
    const t = setInterval(() => void reload(), 3000);
    return () => clearInterval(t);
  }, [exports]);

  async function request() {
    setError(null);
    try {
      await api('/me/exports', send('POST', {}));
      await reload();
    } catch (e) {
      setError({ text: problemText(e) });
    }
  }
  return (
    <div className="data-export">
      <h3>Your data</h3>
      <p>Download a copy of everything Marque holds about you: one JSON file per part of the service, described in index.json.</p>
      <button type="button" onClick={() => void request()}>
        Request my data
      </button>
      <Alert error={error} />
      <ul className="plain">
        {exports.map((e) => (
          <li key={e.id} data-export-status={e.status}>
            {new Date(e.requestedAt).toLocaleString()}:{' '}
            {e.status === 'ready' ? (
              <>
                <a href={`/api/v1/me/exports/${e.id}/archive`}>download ({Math.ceil((e.sizeBytes ?? 0) / 1024)} KB)</a>{' '}
                <small>until {e.expiresAt ? new Date(e.expiresAt).toLocaleDateString() : '—'}</small>
              </>
            ) : e.status === 'queued' ? (
              'being prepared…'
            ) : (
              'failed, please request again'
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
