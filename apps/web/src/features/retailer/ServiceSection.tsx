import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { checkVin } from '@marque/contracts';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';
import { fmtDate, fmtKm, type ServiceRecordT, type ServiceRequestT } from '../maintenance/types';

interface RetailerRequest extends ServiceRequestT {
  car: { brand: string; model: string; modelYear: number; powertrain: string } | null;
  customer: { name: string; email: string } | null;
}

const today = () => new Date().toISOString().slice(0, 10);

/** The retailer console's Service section: booking requests to confirm or decline, and the car's service book. */
export function ServiceSection() {
  return (
    <>
      <ServiceRequests />
      <ServiceBook />
    </>
  );
}

function ServiceRequests() {
  const [filter, setFilter] = useState<'open' | 'decided'>('open');
  const [items, setItems] = useState<RetailerRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: RetailerRequest[] }>(`/retailer/service-requests?status=${filter}`).then(
      (r) => setItems(r.items),
      (e) => setError(plainProblem(e)),
    );
  }, [filter]);
  useEffect(load, [load]);
  return (
    <section className="card" aria-labelledby="svc-requests">
      <h2 id="svc-requests">Service requests</h2>
      <p role="group" aria-label="Which requests">
        <button type="button" aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
          Open
        </button>{' '}
        <button type="button" aria-pressed={filter === 'decided'} onClick={() => setFilter('decided')}>
          Answered by me
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items?.length === 0 && <p>{filter === 'open' ? 'No open requests.' : 'You have not answered any request yet.'}</p>}
      <ul className="plain" data-testid="retailer-requests">
        {items?.map((r) => (
          <RequestItem key={r.id} r={r} onDone={load} />
        ))}
      </ul>
    </section>
  );
}

function RequestItem({ r, onDone }: { r: RetailerRequest; onDone: () => void }) {
  const [date, setDate] = useState(r.preferredDates[0] ?? today());
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function answer(action: 'confirm' | 'decline', e?: FormEvent) {
    e?.preventDefault();
    if (action === 'decline' && !message.trim()) return setError('Write a message telling the owner why you decline.');
    setBusy(true);
    setError(null);
    try {
      const body =
        action === 'confirm' ? { date, ...(message.trim() ? { message: message.trim() } : {}) } : { message: message.trim() };
      await api(`/retailer/service-requests/${r.id}/${action}`, { method: 'POST', body: JSON.stringify(body) });
      onDone();
    } catch (err) {
      setError(plainProblem(err));
    } finally {
      setBusy(false);
    }
  }
  const car = r.car ? `${r.car.brand} ${r.car.model} ${r.car.modelYear} (${r.car.powertrain})` : 'Unknown car';
  return (
    <li data-testid={`retailer-request-${r.vin}`} data-status={r.status}>
      <strong>{car}</strong> · <code>{r.vin}</code>
      <br />
      <small>
        {r.customer ? `${r.customer.name} <${r.customer.email}>` : 'Account deleted'} · asked {fmtDate(r.createdAt)} · prefers{' '}
        {r.preferredDates.map(fmtDate).join(', ')}
        {r.mileageKm !== null && ` · ${fmtKm(r.mileageKm)}`}
      </small>
      {r.warnings.length > 0 && (
        <>
          <br />
          <small>Warnings: {r.warnings.map((w) => `${w.title} (${w.code})`).join('; ')}</small>
        </>
      )}
      {r.note && (
        <>
          <br />
          <small>Note: {r.note}</small>
        </>
      )}
      {r.status === 'open' ? (
        <form className="stack" onSubmit={(e) => void answer('confirm', e)} noValidate>
          <label className="field" htmlFor={`svc-date-${r.id}`}>
            <span>Appointment date</span>
            <input id={`svc-date-${r.id}`} type="date" min={today()} value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <label className="field" htmlFor={`svc-msg-${r.id}`}>
            <span>Message to the owner</span>
            <input id={`svc-msg-${r.id}`} maxLength={1000} value={message} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <span className="row">
            <button type="submit" disabled={busy}>
              Confirm
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void answer('decline')}>
              Decline
            </button>
          </span>
        </form>
      ) : (
        <p>
          {r.status === 'confirmed' ? `Confirmed for ${fmtDate(r.confirmedDate!)}` : 'Declined'}
          {r.message ? ` — “${r.message}”` : ''}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

function ServiceBook() {
  const [vin, setVin] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const [records, setRecords] = useState<ServiceRecordT[] | null>(null);
  const [f, setF] = useState({ servicedOn: today(), odometerKm: '', work: '', corrects: '' });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function lookUp(v: string) {
    setRecords((await api<{ records: ServiceRecordT[] }>(`/retailer/vehicles/${v}/service-records`)).records);
    setShown(v);
  }
  async function find(e: FormEvent) {
    e.preventDefault();
    const v = checkVin(vin);
    if (!v.ok) return setError(v.message);
    setError(null);
    try {
      await lookUp(v.vin);
    } catch (err) {
      setRecords(null);
      setShown(null);
      setError(plainProblem(err));
    }
  }
  async function record(e: FormEvent) {
    e.preventDefault();
    if (!shown) return;
    const km = Number(f.odometerKm);
    if (!f.odometerKm || !Number.isInteger(km) || km < 0) return setError('Mileage must be whole kilometres.');
    setError(null);
    setSaved(null);
    try {
      const body = { servicedOn: f.servicedOn, odometerKm: km, work: f.work, ...(f.corrects ? { corrects: f.corrects } : {}) };
      await api(`/retailer/vehicles/${shown}/service-records`, { method: 'POST', body: JSON.stringify(body) });
      setSaved(f.corrects ? 'Correction recorded; the original stays in the history, marked as corrected.' : 'Service recorded.');
      setF({ servicedOn: today(), odometerKm: '', work: '', corrects: '' });
      await lookUp(shown);
    } catch (err) {
      setError(plainProblem(err));
    }
  }
  return (
    <section className="card" aria-labelledby="svc-book">
      <h2 id="svc-book">Service history</h2>
      <form className="row" onSubmit={(e) => void find(e)} noValidate>
        <label className="field" htmlFor="sb-vin">
          <span>VIN</span>
          <input id="sb-vin" value={vin} onChange={(e) => setVin(e.target.value.toUpperCase())} />
        </label>
        <button type="submit">Open the service book</button>
      </form>
      {records && shown && (
        <>
          {records.length === 0 ? (
            <p>No service recorded for {shown} yet.</p>
          ) : (
            <table className="subs" data-testid="retailer-service-book">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Mileage</th>
                  <th scope="col">Work</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id} className={r.correctedBy ? 'corrected' : undefined}>
                    <td>{fmtDate(r.servicedOn)}</td>
                    <td>{fmtKm(r.odometerKm)}</td>
                    <td>
                      {r.correctedBy ? <s>{r.work}</s> : r.work}
                      {r.corrects && <small> (correction)</small>}
                    </td>
                    <td>{r.retailerName}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form className="stack" onSubmit={(e) => void record(e)} noValidate>
            <h3>Record a service for {shown}</h3>
            <label className="field" htmlFor="sb-date">
              <span>Date of the service</span>
              <input
                id="sb-date"
                type="date"
                max={today()}
                value={f.servicedOn}
                onChange={(e) => setF({ ...f, servicedOn: e.target.value })}
              />
            </label>
            <label className="field" htmlFor="sb-km">
              <span>Mileage (km)</span>
              <input
                id="sb-km"
                inputMode="numeric"
                value={f.odometerKm}
                onChange={(e) => setF({ ...f, odometerKm: e.target.value.trim() })}
              />
            </label>
            <label className="field" htmlFor="sb-work">
              <span>Work done</span>
              <textarea
                id="sb-work"
                rows={3}
                maxLength={2000}
                value={f.work}
                onChange={(e) => setF({ ...f, work: e.target.value })}
              />
            </label>
            <label className="field" htmlFor="sb-corrects">
              <span>Corrects an earlier record of yours (optional)</span>
              <select id="sb-corrects" value={f.corrects} onChange={(e) => setF({ ...f, corrects: e.target.value })}>
                <option value="">— a new service —</option>
                {records
                  .filter((r) => !r.correctedBy)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {fmtDate(r.servicedOn)} · {fmtKm(r.odometerKm)} · {r.work.slice(0, 40)}
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit">Record the service</button>
          </form>
        </>
      )}
      {saved && (
        <p className="ok" role="status">
          {saved}
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
