import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api';
import { plainProblem } from '../owner/problems';
import { fmtDate, fmtKm, type ServiceRequestT } from './types';

const dayFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const STATUS: Record<ServiceRequestT['status'], string> = {
  open: 'Waiting for the retailer',
  confirmed: 'Confirmed',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

/** Book a service: up to three preferred dates and a note; the mileage and warnings go along. */
export function BookService({ vin, hasOpen, onBooked }: { vin: string; hasOpen: boolean; onBooked: () => void }) {
  const [dates, setDates] = useState<string[]>([dayFromToday(7), '', '']);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const preferredDates = dates.filter(Boolean);
    if (preferredDates.length === 0) return setError({ text: 'Choose at least one date.', field: 'preferredDates/0' });
    setBusy(true);
    setError(null);
    try {
      await api<ServiceRequestT>(`/vehicles/${vin}/service-requests`, {
        method: 'POST',
        body: JSON.stringify({ preferredDates, ...(note.trim() ? { note: note.trim() } : {}) }),
      });
      setNote('');
      onBooked();
    } catch (err) {
      setError({
        text: plainProblem(err),
        ...(err instanceof ApiError && err.problem.field ? { field: err.problem.field } : {}),
      });
    } finally {
      setBusy(false);
    }
  }
  if (hasOpen)
    return (
      <section className="card" aria-labelledby="book-title">
        <h2 id="book-title">Book a service</h2>
        <p>Your request is with the retailers. You can send a new one once they have answered.</p>
      </section>
    );
  return (
    <section className="card" aria-labelledby="book-title">
      <h2 id="book-title">Book a service</h2>
      <p>
        <small>
          Retailers see your name and e-mail, your preferred dates, your note, the car’s current mileage and its warnings, and answer here.
        </small>
      </p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        {dates.map((d, i) => (
          <label key={i} className="field" htmlFor={`book-date-${i}`}>
            <span>{i === 0 ? 'Preferred date' : `Or (optional)`}</span>
            <input
              id={`book-date-${i}`}
              type="date"
              min={dayFromToday(0)}
              max={dayFromToday(180)}
              value={d}
              aria-invalid={error?.field === `preferredDates/${i}` || undefined}
              onChange={(e) => setDates(dates.map((x, j) => (j === i ? e.target.value : x)))}
            />
          </label>
        ))}
        <label className="field" htmlFor="book-note">
          <span>Note for the retailer (optional)</span>
          <textarea id="book-note" maxLength={1000} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Send the request
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.text}
        </p>
      )}
    </section>
  );
}

/** My booking requests for this car and what the retailer answered. */
export function MyRequests({ requests }: { requests: ServiceRequestT[] }) {
  if (requests.length === 0) return null;
  return (
    <section className="card" aria-labelledby="requests-title">
      <h2 id="requests-title">Your service requests</h2>
      <ul className="plain" data-testid="service-requests">
        {requests.map((r) => (
          <li key={r.id} data-status={r.status} data-testid={`request-${r.id}`}>
            <strong>{STATUS[r.status]}</strong>
            {r.status === 'confirmed' && r.confirmedDate && ` for ${fmtDate(r.confirmedDate)}`}
            {r.retailerName && r.status !== 'open' && ` by ${r.retailerName}`}
            <br />
            <small>
              Asked on {fmtDate(r.createdAt)} for {r.preferredDates.map(fmtDate).join(', ')}
              {r.mileageKm !== null && ` · ${fmtKm(r.mileageKm)}`}
              {r.warnings.length > 0 && ` · ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'} attached`}
            </small>
            {r.note && (
              <>
                <br />
                <small>Your note: {r.note}</small>
              </>
            )}
            {r.message && (
              <>
                <br />
                <span data-testid="retailer-message">Retailer: {r.message}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
