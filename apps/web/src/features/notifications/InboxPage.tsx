import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { KIND_LABELS, safeLink, type Notice } from './types';

/** /app/inbox: the account's notices newest first, unread marked, each opening its screen; new ones arrive live. */
export function InboxPage() {
  const [items, setItems] = useState<Notice[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (cursor?: string) => {
    try {
      const r = await api<{ items: Notice[]; unread: number; nextCursor: string | null }>(
        `/notifications${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      setItems((old) => (cursor ? [...(old ?? []), ...r.items] : r.items));
      setUnread(r.unread);
      setNext(r.nextCursor);
    } catch (e) {
      if (isSignedOut(e)) signInAgain();
      else setError(plainProblem(e));
    }
  }, []);
  useEffect(() => {
    void load();
    const es = new EventSource('/api/v1/events');
    es.addEventListener('notification.created', (ev) => {
      const n = JSON.parse((ev as MessageEvent<string>).data) as Notice;
      setItems((old) => (old?.some((x) => x.id === n.id) ? old : [n, ...(old ?? [])]));
      setUnread((u) => u + 1);
    });
    return () => es.close();
  }, [load]);

  const open = async (n: Notice) => {
    if (!n.read) await api(`/notifications/${n.id}/read`, { method: 'POST' }).catch(() => undefined);
    window.location.assign(safeLink(n.link));
  };
  const readAll = async () => {
    try {
      await api('/notifications/read', { method: 'POST' });
      setItems((old) => old?.map((x) => ({ ...x, read: true })) ?? null);
      setUnread(0);
    } catch (e) {
      setError(plainProblem(e));
    }
  };

  return (
    <section className="card inbox">
      <div className="row between">
        <h1>Inbox{unread > 0 && <span className="badge" data-testid="unread-count"> {unread} unread</span>}</h1>
        <span>
          <a href="/app/notifications">Notification settings</a> · <a href="/app">Garage</a>
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      {items?.length === 0 && <p>No messages.</p>}
      {unread > 0 && (
        <button type="button" className="secondary" onClick={() => void readAll()}>
          Mark all as read
        </button>
      )}
      <ul className="plain" data-testid="inbox">
        {items?.map((n) => (
          <li key={n.id} data-kind={n.kind} data-unread={!n.read} className={n.read ? 'read' : 'unread'}>
            <a
              href={safeLink(n.link)}
              onClick={(e) => {
                e.preventDefault();
                void open(n);
              }}
            >
              {!n.read && <span aria-label="unread">● </span>}
              <strong>{n.title}</strong>
            </a>{' '}
            <small>
              · {KIND_LABELS[n.kind] ?? n.kind} · {new Date(n.createdAt).toLocaleString()}
            </small>
            <p>{n.body}</p>
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
