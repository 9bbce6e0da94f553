import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../../lib/api';

/** JSON body for api(). */
export const send = (method: string, body?: unknown): RequestInit => ({
  method,
  ...(body ? { body: JSON.stringify(body) } : {}),
});

export function problemText(err: unknown): string {
  return err instanceof ApiError ? err.problem.detail : 'The server could not be reached. Please try again.';
}

/** Runs a submit handler with busy, error and done states; the error names the field the server blamed. */
export function useSubmit<T>(fn: () => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; field?: string; code?: string } | null>(null);
  const [result, setResult] = useState<T | null>(null);
  async function onSubmit(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await fn());
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined;
      setError({ text: problemText(err), ...(p?.field ? { field: p.field } : {}), ...(p?.code ? { code: p.code } : {}) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, result, onSubmit, setResult };
}

export function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  autoComplete?: string;
  invalid?: boolean;
}) {
  return (
    <label className="field" htmlFor={props.id}>
      <span>{props.label}</span>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.invalid ? true : undefined}
      />
    </label>
  );
}

export function Alert({ error }: { error: { text: string } | null }): ReactNode {
  return error ? (
    <p role="alert" className="error">
      {error.text}
    </p>
  ) : null;
}

export { api };
