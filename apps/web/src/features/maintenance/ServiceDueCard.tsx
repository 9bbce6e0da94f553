import type { ServiceDueT } from './types';
import { fmtDate, fmtKm } from './types';

function left(due: ServiceDueT): string {
  const parts: string[] = [];
  if (due.distanceKm !== null)
    parts.push(due.distanceKm < 0 ? `${fmtKm(due.distanceKm)} overdue` : `${fmtKm(due.distanceKm)} left`);
  if (due.days !== null) parts.push(due.days < 0 ? `${-due.days} days overdue` : `${due.days} days left`);
  return parts.join(' · ');
}

function source(due: ServiceDueT): string {
  if (due.source === 'vehicle')
    return `From your car’s service indicator${due.signalsAt ? `, reported ${new Date(due.signalsAt).toLocaleString()}` : ''}.`;
  if (due.source === 'interval') {
    const from =
      due.basis?.kind === 'last_service'
        ? `the last service on ${fmtDate(due.basis.date)} at ${fmtKm(due.basis.odometerKm)}`
        : `delivery${due.basis ? ` on ${fmtDate(due.basis.date)}` : ''}`;
    return `Estimated from the model’s service interval (every ${fmtKm(due.interval.km)} or ${due.interval.months} months) since ${from}: the car has not reported its service indicator recently.`;
  }
  return 'Not known yet: the car has not reported its service indicator and there is no service record or delivery date to count from.';
}

/** When the next service is due, with a bar of how much of the interval is used and where the figure comes from. */
export function ServiceDueCard({ due }: { due: ServiceDueT }) {
  const pct = due.progress === null ? null : Math.round(due.progress * 100);
  return (
    <section className="card" aria-labelledby="due-title" data-testid="service-due" data-source={due.source}>
      <h1 id="due-title">Next service</h1>
      {due.source === 'unknown' ? null : due.isDue ? (
        <p className="error" role="status">
          <strong>Your service is due now.</strong> {left(due)}
        </p>
      ) : (
        <p>
          <strong>{due.dueDate ? `Due by ${fmtDate(due.dueDate)}` : 'Due'}</strong>
          {left(due) ? ` · ${left(due)}` : ''}
        </p>
      )}
      {pct !== null && (
        <p>
          <label htmlFor="due-progress" className="sr-only">
            Service interval used
          </label>
          <progress
            id="due-progress"
            className={`due-bar${due.isDue ? ' due' : ''}`}
            max={100}
            value={pct}
            aria-valuetext={`${pct}% of the service interval used`}
          >
            {pct}%
          </progress>{' '}
          <small>{pct}% of the interval used</small>
        </p>
      )}
      <p>
        <small data-testid="due-source">{source(due)}</small>
      </p>
    </section>
  );
}
