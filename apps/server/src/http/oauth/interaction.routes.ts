import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { errors, type InteractionResults } from 'oidc-provider';
import { isAppError } from '@marque/kernel';
import type { AccountsModule } from '@marque/accounts';
import { consentResult, describeScope, viewOf, type OAuthModule, type InteractionView } from '@marque/oauth';
import type { Auth } from '../auth';
import { consentPage, messagePage, signInPage } from './pages';

export interface InteractionDeps {
  oauth: OAuthModule;
  accounts: AccountsModule;
  auth: Auth;
  describeVehicle(vin: string): Promise<string | null>;
}

const Params = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{8,100}$' }) });
const LoginBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 256 }),
});
const perAddress = { rateLimit: { max: 20, timeWindow: '1 minute' } };
const hidden = { hide: true, params: Params };

/** The sign-in and consent pages oidc-provider sends the browser to; they reuse the web app's session cookie. */
export function interactionRoutes(deps: InteractionDeps) {
  const { oauth, accounts, auth } = deps;

  /** Our pages post forms that end in a redirect to the client: its origin must be an allowed form target. */
  function html(reply: FastifyReply, body: string, view?: InteractionView, status = 200) {
    const target = view?.redirectUri ? ` ${new URL(view.redirectUri).origin}` : '';
    void reply.header(
      'content-security-policy',
      `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'`,
    );
    return reply.code(status).type('text/html; charset=utf-8').send(body);
  }

  async function details(req: FastifyRequest, reply: FastifyReply) {
    const provider = await oauth.provider();
    const d = await provider.interactionDetails(req.raw, reply.raw);
    return { provider, d, view: viewOf(d) };
  }

  async function finish(req: FastifyRequest, reply: FastifyReply, result: InteractionResults, merge = false) {
    const provider = await oauth.provider();
    const to = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: merge });
    return reply.redirect(to, 303);
  }

  /** The web app's own session (cookie), never a bearer token. */
  async function webUser(req: FastifyRequest) {
    const p = await auth.resolve(req).catch(() => null);
    return p?.via === 'session' ? p : null;
  }

  async function clientName(view: InteractionView): Promise<string> {
    const client = await (await oauth.provider()).Client.find(view.clientId);
    return client?.clientName ?? view.clientId;
  }

  async function show(req: FastifyRequest, reply: FastifyReply) {
    const { view } = await details(req, reply);
    const me = await webUser(req);
    if (!me) return html(reply, signInPage({ uid: view.uid, clientName: await clientName(view), error: null, email: '' }), view);
    // The provider's own session follows the web app's: signing in there (or as someone else) signs in here.
    if (view.prompt === 'login' || me.accountId !== view.sessionAccountId) {
      return finish(req, reply, { login: { accountId: me.accountId } });
    }
    if (view.prompt !== 'consent') return html(reply, messagePage('Cannot continue', 'This request needs a step Marque does not offer.'), view, 400);
    const profile = await accounts.service.getProfile(me.accountId);
    const vehicle = view.vin ? ((await deps.describeVehicle(view.vin)) ?? `the car with VIN ${view.vin}`) : null;
    return html(
      reply,
      consentPage({
        uid: view.uid,
        clientName: await clientName(view),
        accountName: profile.name,
        scopes: view.scopes.map((s) => ({ scope: s, text: describeScope(s) })),
        vehicle,
      }),
      view,
    );
  }

  async function login(req: FastifyRequest, reply: FastifyReply) {
    const { view } = await details(req, reply);
    const body = req.body as { email: string; password: string };
    try {
      const client = { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
      const { token, principal } = await accounts.sessions.signIn(body, client);
      // Signing in here also signs in to the web app, so the consent step and the account pages know the owner.
      auth.setSessionCookies(req, reply, token);
      return finish(req, reply, { login: { accountId: principal.accountId } });
    } catch (e) {
      if (!isAppError(e)) throw e;
      const page = signInPage({ uid: view.uid, clientName: await clientName(view), error: e.message, email: body.email });
      return html(reply, page, view, e.kind === 'rate_limited' ? 429 : 401);
    }
  }

  async function confirm(req: FastifyRequest, reply: FastifyReply) {
    const { provider, d, view } = await details(req, reply);
    const me = await webUser(req);
    if (view.prompt !== 'consent' || !me || me.accountId !== view.sessionAccountId) {
      return html(reply, messagePage('Please sign in again', 'Your sign-in changed while this page was open.'), view, 403);
    }
    return finish(req, reply, await consentResult(provider, d, me.accountId), true);
  }

  async function abort(req: FastifyRequest, reply: FastifyReply) {
    await details(req, reply);
    return finish(req, reply, { error: 'access_denied', error_description: 'The owner did not allow the request.' });
  }

  const guarded = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return await fn(req, reply);
    } catch (e) {
      if (!(e instanceof errors.OIDCProviderError)) throw e;
      // Mostly an expired interaction or one opened in another browser (its cookie is missing).
      const text = 'This sign-in request has expired or was opened in another browser. Go back to the app and start again.';
      return html(reply, messagePage('Sign-in expired', text), undefined, e.statusCode ?? 400);
    }
  };

  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    app.get('/oauth/interaction/:uid', { schema: hidden }, guarded(show));
    app.post('/oauth/interaction/:uid/login', { config: perAddress, schema: { ...hidden, body: LoginBody } }, guarded(login));
    app.post('/oauth/interaction/:uid/confirm', { schema: hidden }, guarded(confirm));
    app.post('/oauth/interaction/:uid/abort', { schema: hidden }, guarded(abort));
  };
}
