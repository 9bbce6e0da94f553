import { useState, type FormEvent } from 'react';
import type { ConnectivityMatchT } from '@marque/contracts';
import { checkVin } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';

/** Public page: type a VIN, see which connected services the car supports. */
export function ConnectivityMatch() {
  const [vin, setVin] = useState('');
  const [result, setResult] = useState<ConnectivityMatchT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setError(null);
    const local = checkVin(vin);
    if (!local.ok) {
      setError(local.message);
      return;
    }
    setBusy(true);
    try {
      setResult(await api<ConnectivityMatchT>(`/connectivity-match/${encodeURIComponent(local.vin)}`));
    } catch (err) {
      setError(err instanceof ApiError ? err.problem.detail : 'The server could not be reached. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="cm-title">
      <h2 id="cm-title">Connectivity match</h2>
      <p>
        Type the 17-character vehicle identification number (VIN) from the registration document to see which connected services
        the car supports.
      </p>
      <form onSubmit={submit} className="row" noValidate>
        <label htmlFor="vin" className="sr-only">
          VIN
        </label>
        <input
          id="vin"
          name="vin"
          value={vin}
          onChange={(e) => setVin(e.target.value.toUpperCase())}
          placeholder="e.g. SAUVL0AB6KA010000"
          maxLength={20}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'vin-error' : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Check'}
        </button>
      </form>
      {error && (
        <p id="vin-error" role="alert" className="error">
          {error}
        </p>
      )}
      {result && <MatchResult m={result} />}
    </section>
  );
}

function MatchResult({ m }: { m: ConnectivityMatchT }) {
  return (
    <div className="result" data-testid="match-result">
      <h3>
        {m.brand} {m.model}{' '}
        <small>
          {m.modelYear} · {m.powertrain} · {m.market}
        </small>
      </h3>
      <p className={m.eligible ? 'ok' : 'warn'}>{m.summary}</p>
      {m.standardTermYears && (
        <p>
          Standard Services are included for <strong>{m.standardTermYears} years</strong> from delivery.
        </p>
      )}
      <div className="groups">
        {m.groups.map((g) => (
          <div key={g.id} className={`group ${g.supported ? 'yes' : 'no'}`} data-group={g.id}>
            <h4>
              <span aria-hidden>{g.supported ? '✓' : '—'}</span> {g.name}
            </h4>
            <ul>
              {g.services.map((s) => (
                <li key={s.id} className={s.supported ? 'yes' : 'no'}>
                  <span aria-label={s.supported ? 'supported' : 'not supported'}>{s.supported ? '✓' : '✗'}</span> {s.name}
                  {s.note && <em> ({s.note})</em>}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
