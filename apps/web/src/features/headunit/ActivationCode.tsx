import { useCallback, useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { api } from '../../lib/api';
import { useNow } from '../owner/hooks';

interface Issued {
  code: string;
  expiresAt: string;
  qr: string;
}

/**
 * The head unit's activation code for a new owner: a QR code (a link to the app's activation page carrying the
 * code) and the code as text, valid 5 minutes and single use. The simulated unit asks the demo-only endpoint.
 */
export function ActivationCode({ vin }: { vin: string }) {
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();

  const fetchCode = useCallback(async () => {
    setError(null);
    try {
      const r = await api<{ code: string; expiresAt: string }>(`/dev/headunit/${vin}/activation-code`, { method: 'POST' });
      const link = `${window.location.origin}/app/cars/${vin}/activate?code=${encodeURIComponent(r.code)}`;
      setIssued({ ...r, qr: await QRCode.toDataURL(link, { margin: 1, width: 200 }) });
    } catch (e) {
      setIssued(null);
      setError((e as Error).message);
    }
  }, [vin]);

  const left = issued ? Math.max(0, Math.floor((Date.parse(issued.expiresAt) - now) / 1000)) : 0;
  useEffect(() => {
    void fetchCode();
  }, [fetchCode]);

  return (
    <section className="card headunit activation-code" aria-labelledby="hu-code">
      <h2 id="hu-code">Connected services activation</h2>
      <p>
        <small>New owner? Scan this code with the app, or type it in the app’s activation page.</small>
      </p>
      {error && <p className="error">{error}</p>}
      {issued && (
        <div className="row">
          <img
            src={issued.qr}
            alt="Activation code to scan with the app"
            width={200}
            height={200}
            className={left === 0 ? 'expired' : undefined}
          />
          <div>
            <p className="user-code" aria-label="Activation code" data-testid="activation-code">
              {issued.code}
            </p>
            <p role="timer" aria-live="off">
              {left > 0 ? `Valid for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'This code has expired.'}
            </p>
          </div>
        </div>
      )}
      <button type="button" onClick={() => void fetchCode()}>
        New code
      </button>
    </section>
  );
}
