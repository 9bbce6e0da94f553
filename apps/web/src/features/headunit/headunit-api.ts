import { ApiError, type Problem } from '../../lib/api';

/** The head unit's own calls: the signed-in driver's head-unit token, never the web app's session cookie. */
export async function carApi<T>(token: string, path: string, method: 'GET' | 'POST' | 'DELETE' = 'GET'): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'omit',
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const p = (body ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: res.status,
      detail: p.detail ?? `The server answered ${res.status}.`,
      ...(p.code ? { code: p.code } : {}),
    });
  }
  return body as T;
}

export interface HeadUnitProfile {
  id: string;
  vin: string;
  displayName: string;
  signedInAt: string;
  active: boolean;
}

export interface MultimediaOfferT {
  state: 'not_available' | 'available' | 'active' | 'cancelled' | 'expired';
  until: string | null;
  termStart: string | null;
  terms?: string;
}
