import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { problemText } from '../accounts/forms';
import { Markdown } from './Markdown';

export interface LegalDoc {
  kind: string;
  market: string;
  language: string;
  version: number;
  title: string;
  body: string;
  publishedAt: string;
}

/** /app/legal/terms and /app/legal/privacy: the current version for the signed-in account (or GB/en). */
export function LegalPage({ kind }: { kind: 'terms' | 'privacy' }) {
  const [doc, setDoc] = useState<LegalDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<LegalDoc>(`/legal/${kind}${window.location.search}`).then(setDoc, (e) => setError(problemText(e)));
  }, [kind]);
  if (error) return <p className="error">{error}</p>;
  if (!doc) return <p>Loading…</p>;
  return (
    <article className="card">
      <h2>{doc.title}</h2>
      <p>
        <small>
          Version {doc.version} · {doc.market}/{doc.language} · published {new Date(doc.publishedAt).toLocaleDateString()}
        </small>
      </p>
      <Markdown text={doc.body} />
    </article>
  );
}
