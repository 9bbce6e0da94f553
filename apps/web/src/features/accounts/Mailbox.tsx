import { useState } from 'react';
import { Alert, Field, api, useSubmit } from './forms';

interface Mail {
  subject: string;
  from: string;
  text: string;
  date: string;
  links: string[];
}

/** /mail, demo mode only: the e-mails the embedded SMTP sink caught for an address. */
export function MailboxPage() {
  const [to, setTo] = useState(new URLSearchParams(window.location.search).get('to') ?? '');
  const s = useSubmit(() => api<{ messages: Mail[] }>(`/dev/mail?to=${encodeURIComponent(to)}`));
  return (
    <section className="card">
      <h2>Demo mailbox</h2>
      <p>
        <small>Marque runs an SMTP sink in demo mode: nothing is delivered, and what was sent appears here.</small>
      </p>
      <form onSubmit={s.onSubmit} className="row" noValidate>
        <Field id="mb-to" label="Address" type="email" value={to} onChange={setTo} />
        <button type="submit" disabled={s.busy}>
          Show mail
        </button>
      </form>
      <Alert error={s.error} />
      {s.result?.messages.length === 0 && <p>No mail for this address yet.</p>}
      {s.result?.messages.map((m, i) => (
        <article key={i} className="mail">
          <h3>{m.subject}</h3>
          <p>
            <small>
              {m.from} · {new Date(m.date).toLocaleString()}
            </small>
          </p>
          <pre>{m.text}</pre>
          {m.links.map((l) => (
            <p key={l}>
              <a href={l}>{l.length > 80 ? `${l.slice(0, 80)}…` : l}</a>
            </p>
          ))}
        </article>
      ))}
    </section>
  );
}
