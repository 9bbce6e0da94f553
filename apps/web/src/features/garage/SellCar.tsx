import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';

interface Sale {
  id: string;
  status: 'pending' | 'completed' | 'withdrawn';
  announcedAt: string;
}

/** Selling through a retailer (registered owner only): announce it; the retailer completes it with the buyer's e-mail. */
export function SellCar({ vin }: { vin: string }) {
  const [sale, setSale] = useState<Sale | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ sale: Sale | null }>(`/vehicles/${vin}/sale`).then(
      (r) => setSale(r.sale),
      () => setSale(null),
    );
  }, [vin]);

  async function act(method: 'POST' | 'DELETE') {
    setError(null);
    try {
      setSale(
        method === 'POST'
          ? await api<Sale>(`/vehicles/${vin}/sale`, { method })
          : (await api(`/vehicles/${vin}/sale`, { method }), null),
      );
    } catch (e) {
      setError(plainProblem(e));
    }
  }

  if (sale === undefined) return null;
  return (
    <div className="sell" data-testid={`sale-${vin}`} data-status={sale?.status ?? 'none'}>
      {sale ? (
        <p className="row">
          <span>
            Sale announced on {new Date(sale.announcedAt).toLocaleDateString()}: your retailer completes it with the buyer’s
            e-mail.
          </span>
          <button type="button" className="secondary" onClick={() => void act('DELETE')}>
            Withdraw the sale
          </button>
        </p>
      ) : (
        <button type="button" className="secondary" onClick={() => void act('POST')}>
          Sell it through a retailer
        </button>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
