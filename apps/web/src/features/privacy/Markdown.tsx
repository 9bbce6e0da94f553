import type { ReactNode } from 'react';

/** Renders the small Markdown subset of legal documents (headings, paragraphs, lists, bold) as React nodes, never as HTML. */
export function Markdown({ text }: { text: string }) {
  const blocks = text
    .split(/\n{2,}/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <div className="markdown">
      {blocks.map((b, i) => {
        const h = /^(#{1,4})\s+(.*)$/.exec(b);
        if (h) return h[1]!.length <= 2 ? <h3 key={i}>{inline(h[2]!)}</h3> : <h4 key={i}>{inline(h[2]!)}</h4>;
        if (/^[-*]\s/.test(b)) {
          return (
            <ul key={i}>
              {b.split(/\n(?=[-*]\s)/).map((li, j) => (
                <li key={j}>{inline(li.replace(/^[-*]\s+/, ''))}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{inline(b)}</p>;
      })}
    </div>
  );
}

function inline(s: string): ReactNode[] {
  return s
    .split(/(\*\*[^*]+\*\*)/)
    .map((part, i) => (part.startsWith('**') ? <strong key={i}>{part.slice(2, -2)}</strong> : part));
}
