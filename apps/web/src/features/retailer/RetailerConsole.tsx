import { useState, type FormEvent } from 'react';
import { checkVin } from '@marque/contracts';
import { api } from '../../lib/api';
import { useMe } from '../accounts/useMe';
import { plainProblem } from '../owner/problems';
import { PendingSales } from './PendingSales';
import { ServiceSection } from './ServiceSection';

interface OwnershipRecord {
  vin: string;
  ownerEmail: string;
  effectiveDate: string;
  recordedAt: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/** /retailer: the retailer console — record a change of ownership, look up a car's ownership history. */
export function RetailerConsole() {
  const { me, error } = useMe();
  if (error) return <p className="error">{error}</p>;
  if (me === undefined) return <p>Loading…</p>;
  if (me === null)
    return (
      <section className="card">
        <h1>Retailer console</h1>
        <p>
          <a href="/?next=/retailer">Sign in</a> with your retailer account.
        </p>
      </section>
    );
  if (!me.roles.includes('retailer'))
    return (
      <section className="card" data-testid="retailers-only">
        <h1>Retailer console</h1>
        <p className="error">This console is for retailers only.</p>
        <p>
          You are signed in as {me.email}, a customer account. To have a car you bought registered in your name, visit your
          retailer. Your cars are in <a href="/app">your garage</a>.
        </p>
      </section>
    );
  return (
    <div className="retailer">
      <h1>Retailer console</h1>
      <PendingSales />
      <OwnershipChange />
      <OwnershipHistory />
      <h2>Service</h2>
      <ServiceSection />
    </div>
  );
}

function OwnershipChange() {
  const [f, setF] = useState({ vin: '', ownerEmail: '', effectiveDate: today() });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<OwnershipRecord | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const v = checkVin(f.vin);
    if (!v.ok) return setError(v.message);
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(
        await api<OwnershipRecord>('/retailer/ownership-changes', { method: 'POST', body: JSON.stringify({ ...f, vin: v.vin }) }),
      );
      setF({ vin: '', ownerEmail: '', effectiveDate: today() });
    } catch (err) {
      setError(plainProblem(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="own-change">
      <h2 id="own-change">Record a change of ownership</h2>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field" htmlFor="oc-vin">
          <span>VIN</span>
          <input id="oc-vin" value={f.vin} onChange={(e) => setF({ ...f, vin: e.target.value.toUpperCase() })} />
        </label>
        <label className="field" htmlFor="oc-email">
          <span>New owner’s e-mail</span>
          <input id="oc-email" type="email" value={f.ownerEmail} onChange={(e) => setF({ ...f, ownerEmail: e.target.value })} />
        </label>
        <label className="field" htmlFor="oc-date">
          <span>Date of the change</span>
          <input
            id="oc-date"
            type="date"
            max={today()}
            value={f.effectiveDate}
            onChange={(e) => setF({ ...f, effectiveDate: e.target.value })}
          />
        </label>
        <button type="submit" disabled={busy}>
          Record the change
        </button>
      </form>
      {saved && (
        <p className="ok" role="status">
          Recorded: {saved.vin} belongs to {saved.ownerEmail} from {saved.effectiveDate}.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function OwnershipHistory() {
  const [vin, setVin] = useState('');
  const [records, setRecords] = useState<OwnershipRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const v = checkVin(vin);
    if (!v.ok) return setError(v.message);
    setError(null);
    try {
      setRecords((await api<{ records: OwnershipRecord[] }>(`/retailer/vehicles/${v.vin}/ownership`)).records);
    } catch (err) {
      setRecords(null);
      setError(plainProblem(err));
    }
  }
  return (
    <section className="card" aria-labelledby="own-history">
      <h2 id="own-history">Ownership history</h2>
      <form className="row" onSubmit={(e) => void submit(e)} noValidate>
        <label className="field" htmlFor="oh-vin">
          <span>VIN</span>
          <input id="oh-vin" value={vin} onChange={(e) => setVin(e.target.value.toUpperCase())} />
        </label>
        <button type="submit">Look up</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {records?.length === 0 && <p>No change of ownership has been recorded for this car.</p>}
      {records && records.length > 0 && (
        <table className="subs" data-testid="ownership-history">
          <thead>
            <tr>
              <th scope="col">Owner</th>
              <th scope="col">From</th>
              <th scope="col">Recorded</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.recordedAt + r.ownerEmail}>
                <td>{r.ownerEmail}</td>
                <td>{r.effectiveDate}</td>
                <td>{new Date(r.recordedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
