import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';

interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  vin: string | null;
  createdAt: string;
}

/** /app/inbox: the account's notices (handovers, expiring subscriptions), newest first. */
export function InboxPage() {
  const [items, setItems] = useState<Notice[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (cursor?: string) => {
    try {
      const r = await api<{ items: Notice[]; nextCursor: string | null }>(
        `/notifications${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      setItems((old) => (cursor ? [...(old ?? []), ...r.items] : r.items));
      setNext(r.nextCursor);
    } catch (e) {
      if (isSignedOut(e)) signInAgain();
      else setError(plainProblem(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card inbox">
      <div className="row between">
        <h1>Inbox</h1>
        <a href="/app">Garage</a>
      </div>
      {error && <p className="error">{error}</p>}
      {items?.length === 0 && <p>No messages.</p>}
      <ul className="plain">
        {items?.map((n) => (
          <li key={n.id} data-kind={n.kind}>
            <strong>{n.title}</strong> <small>· {new Date(n.createdAt).toLocaleString()}</small>
            <p>{n.body}</p>
            {n.vin && <a href={`/app/cars/${n.vin}`}>Open the car</a>}
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          Older messages
        </button>
      )}
    </section>
  );
}
