import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';

export const OAUTH_PREFIX = '/oauth';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Hands every request under /oauth (discovery, /auth, /token, /device, /jwks, /token/revocation, …) to
 * oidc-provider untouched: the library parses its own bodies, so Fastify's parsers are switched off here.
 * The interaction pages are more specific routes (interaction.routes.ts) and win over the wildcard.
 */
export function oauthProviderRoutes(getProvider: () => Promise<Provider>) {
  let handler: { provider: Provider; handle: Handler } | undefined;
  async function handlerFor(): Promise<Handler> {
    const provider = await getProvider();
    if (handler?.provider !== provider) handler = { provider, handle: provider.callback() as Handler };
    return handler.handle;
  }

  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const forward = async (req: { raw: IncomingMessage }, reply: { hijack(): void; raw: ServerResponse }) => {
      const handle = await handlerFor();
      reply.hijack();
      const raw = req.raw as IncomingMessage & { originalUrl?: string };
      // The Express convention oidc-provider reads to learn its mount path.
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice(OAUTH_PREFIX.length) || '/';
      await handle(raw, reply.raw);
    };
    app.all(`${OAUTH_PREFIX}/*`, { schema: { hide: true } }, forward);
  };
}
