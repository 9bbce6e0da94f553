import type { Tracked } from './useCommands';
import { commandText } from './useCommands';

const STEPS = ['queued', 'sent', 'acked', 'executed'] as const;

/** Each recent command with its lifecycle: queued → sent → acked → executed, or how it ended otherwise. */
export function CommandProgress({ tracked }: { tracked: Tracked[] }) {
  if (tracked.length === 0) return null;
  return (
    <ul className="plain commands-progress" aria-label="Recent commands" aria-live="polite">
      {tracked.map(({ command: c, label }) => {
        const reached = c.status === 'executed' ? 3 : STEPS.indexOf(c.status as (typeof STEPS)[number]);
        const bad = c.status === 'failed' || c.status === 'rejected' || c.status === 'expired';
        return (
          <li key={c.id} data-testid={`command-${c.name}`} data-status={c.status}>
            <strong>{label}</strong> <span className={c.status === 'executed' ? 'ok' : bad ? 'error' : ''}>{commandText(c)}</span>
            <ol className="steps" aria-hidden="true">
              {STEPS.map((s, i) => (
                <li key={s} className={bad && i > Math.max(reached, 0) ? 'bad' : i <= reached ? 'done' : ''}>
                  {s}
                </li>
              ))}
              {bad && <li className="bad">{c.status}</li>}
            </ol>
          </li>
        );
      })}
    </ul>
  );
}
