import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';

interface Sale {
  id: string;
  vin: string;
  sellerEmail: string;
  announcedAt: string;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Sales that registered owners announced in their app; completing one records the buyer as the new owner. Newest
 * first, a page at a time; the VIN field narrows the list to the car at the counter (a whole VIN or its start).
 */
export function PendingSales() {
  const [sales, setSales] = useState<Sale[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [vin, setVin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback((filter: string, after?: string) => {
    const q = new URLSearchParams();
    if (filter.trim()) q.set('vin', filter.trim().toUpperCase());
    if (after) q.set('before', after);
    api<{ sales: Sale[]; next: string | null }>(`/retailer/sales${q.size ? `?${q}` : ''}`).then(
      (r) => {
        setError(null);
        setSales((cur) => (after && cur ? [...cur, ...r.sales] : r.sales));
        setNext(r.next);
      },
      (e) => setError(plainProblem(e)),
    );
  }, []);
  useEffect(() => load(''), [load]);
  return (
    <section className="card" aria-labelledby="pending-sales" data-testid="pending-sales">
      <h2 id="pending-sales">Sales announced by owners</h2>
      <form
        className="row"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          load(vin);
        }}
      >
        <label>
          VIN or its start
          <input value={vin} onChange={(e) => setVin(e.target.value)} maxLength={17} autoComplete="off" spellCheck={false} />
        </label>
        <button type="submit">Find</button>
      </form>
      {sales?.length === 0 && <p>{vin.trim() ? 'No announced sale matches this VIN.' : 'No owner has announced a sale.'}</p>}
      {sales?.map((s) => (
        <CompleteSale
          key={s.id}
          sale={s}
          onDone={(buyer) => {
            setDone(`Completed: ${s.vin} now belongs to ${buyer}.`);
            load(vin);
          }}
        />
      ))}
      {next && (
        <button type="button" onClick={() => load(vin, next)}>
          Show older sales
        </button>
      )}
      {done && (
        <p className="ok" role="status">
          {done}
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

function CompleteSale({ sale, onDone }: { sale: Sale; onDone: (buyer: string) => void }) {
  const [buyer, setBuyer] = useState('');
  const [date, setDate] = useState(today());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/retailer/sales/${sale.id}/complete`, {
        method: 'POST',
        body: JSON.stringify({ buyerEmail: buyer.trim(), effectiveDate: date }),
      });
      onDone(buyer.trim());
    } catch (err) {
      setError(plainProblem(err));
      setBusy(false);
    }
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={`Complete the sale of ${sale.vin}`}>
      <p>
        <strong>{sale.vin}</strong> · seller {sale.sellerEmail} · announced {new Date(sale.announcedAt).toLocaleDateString()}
      </p>
      <label className="field" htmlFor={`sale-buyer-${sale.id}`}>
        <span>Buyer’s e-mail</span>
        <input id={`sale-buyer-${sale.id}`} type="email" value={buyer} onChange={(e) => setBuyer(e.target.value)} />
      </label>
      <label className="field" htmlFor={`sale-date-${sale.id}`}>
        <span>Date of the sale</span>
        <input id={`sale-date-${sale.id}`} type="date" max={today()} value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !buyer.trim()}>
        Complete the sale
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
