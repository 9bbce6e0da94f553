/** RFC 9457 problem as the server sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
  code?: string;
  errors?: Array<{ field: string; reason: string }>;
  /** From the Retry-After header (rate limits, lock-outs). */
  retryAfterSeconds?: number;
  /** Activation attempts left before a lock-out. */
  remainingAttempts?: number;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** The double-submit CSRF token the server set at sign-in (a readable cookie). */
function csrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith('marque_csrf='))
    ?.slice('marque_csrf='.length);
}

/** The web app reaches the server only through the HTTP API; state-changing requests carry the CSRF header. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const csrf = method === 'GET' || method === 'HEAD' ? undefined : csrfToken();
  const res = await fetch(`/api/v1${path}`, {
    credentials: 'same-origin',
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
      ...init.headers,
    },
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (body ?? {}) as Partial<Problem>;
    const retryAfter = Number(res.headers.get('retry-after') ?? p.retryAfterSeconds);
    throw new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: res.status,
      detail: p.detail ?? `The server answered ${res.status}.`,
      ...(p.field ? { field: p.field } : {}),
      ...(p.code ? { code: p.code } : {}),
      ...(typeof p.remainingAttempts === 'number' ? { remainingAttempts: p.remainingAttempts } : {}),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  return body as T;
}
