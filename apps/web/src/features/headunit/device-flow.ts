/** OAuth 2.0 device authorization grant (RFC 8628) as the head unit speaks it: an outside client of /oauth. */
export const CLIENT_ID = 'marque-headunit';
const SCOPE = 'openid profile offline_access read_status read_location control_security control_climate control_charging';

export interface DeviceStart {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval?: number;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

export type PollResult = { tokens: Tokens } | { wait: number } | { error: string };

async function form(path: string, body: Record<string, string>) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body).toString(),
  });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: res.ok, json };
}

export async function startDeviceFlow(vin: string): Promise<DeviceStart> {
  const r = await form('/oauth/device/auth', { client_id: CLIENT_ID, scope: SCOPE, vin });
  if (!r.ok) throw new Error(String(r.json.error_description ?? r.json.error ?? 'The sign-in could not start.'));
  return r.json as unknown as DeviceStart;
}

/** One poll of the token endpoint; `wait` seconds before the next (slow_down adds 5, as RFC 8628 says). */
export async function pollToken(deviceCode: string, interval: number): Promise<PollResult> {
  const r = await form('/oauth/token', {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    device_code: deviceCode,
    client_id: CLIENT_ID,
  });
  if (r.ok) return { tokens: r.json as unknown as Tokens };
  if (r.json.error === 'authorization_pending') return { wait: interval };
  if (r.json.error === 'slow_down') return { wait: interval + 5 };
  return { error: String(r.json.error ?? 'server_error') };
}

export async function refresh(refreshToken: string): Promise<Tokens | null> {
  const r = await form('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID });
  return r.ok ? (r.json as unknown as Tokens) : null;
}

export async function revoke(token: string): Promise<void> {
  await form('/oauth/token/revocation', { token, client_id: CLIENT_ID }).catch(() => undefined);
}

/** The account behind the token (the head unit is a first-party client, so it may read the profile). */
export async function whoAmI(accessToken: string): Promise<{ name: string } | null> {
  const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  return res.ok ? ((await res.json()) as { name: string }) : null;
}
