import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestPlatform } from '../../test-support';

export const PASSWORD = 'correct horse battery';

/** A browser over `app.inject`: keeps cookies, follows redirects on this server, stops at another host. */
export function aBrowser(app: FastifyInstance) {
  const jar = new Map<string, string>();
  let n = 0;
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  async function request(method: 'GET' | 'POST', url: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const r = await app.inject({
      method,
      url,
      headers: {
        cookie: cookieHeader(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
      remoteAddress: `10.30.0.${++n % 250}`,
    });
    for (const c of r.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return r;
  }

  /** Follows redirects on this server; returns the last response, or the external URL it was sent to. */
  async function go(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    let r = await request(method, url, form);
    for (let hops = 0; r.statusCode >= 300 && r.statusCode < 400; hops++) {
      assert.ok(hops < 20, 'too many redirects');
      const to = new URL(String(r.headers.location), 'http://localhost');
      if (to.hostname !== 'localhost') return { response: r, external: to };
      r = await request('GET', to.pathname + to.search);
    }
    return { response: r, external: null };
  }

  return {
    jar,
    get: (url: string) => go('GET', url),
    post: (url: string, form: Record<string, string> = {}) => go('POST', url, form),
    /** Signs in to the web app (the session cookie the interaction pages reuse). */
    async signIn(email: string, password = PASSWORD) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress: '10.31.0.1' });
      assert.equal(r.statusCode, 200, r.body);
      for (const c of r.cookies) jar.set(c.name, c.value);
    },
    csrf: () => jar.get('marque_csrf') ?? '',
    cookieHeader,
  };
}

export type Browser = ReturnType<typeof aBrowser>;

export async function anActiveOwner(t: TestPlatform, email: string, name = 'Olivia Owner') {
  return t.modules.accounts.service.createActiveAccount({ email, password: PASSWORD, name, market: 'GB', language: 'en', roles: ['customer'] });
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The form action of an interaction page (e.g. `/confirm`), as the page links it. */
export function formAction(html: string, ending: string): string {
  const m = html.match(new RegExp(`action="([^"]*${ending})"`));
  assert.ok(m, `a form posting to …${ending}`);
  return m[1]!;
}

/** Hidden inputs of a form the provider rendered (its CSRF field and the user code). */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) out[m[1]!] = m[2]!;
  return out;
}

export async function tokenRequest(app: FastifyInstance, form: Record<string, string>, basic?: { id: string; secret: string }) {
  const r = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic ? { authorization: `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}` } : {}),
    },
    payload: new URLSearchParams(form).toString(),
  });
  return { status: r.statusCode, body: r.json() as Record<string, string> };
}
