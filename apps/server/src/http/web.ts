import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Client-side routes of the React app; each is answered with index.html. */
const appPrefixes = ['app', 'portal', 'charging', 'retailer', 'care', 'admin', 'headunit', 'mail'];

export async function registerWeb(app: FastifyInstance, webDir: string | undefined, webConfig: { tileUrl: string }) {
  app.get('/web-config.json', { schema: { hide: true } }, async () => webConfig);
  const index = webDir ? join(webDir, 'index.html') : undefined;
  if (!webDir || !index || !existsSync(index)) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build:web` (npm install does it), then restart.'),
    );
    return;
  }
  const html = readFileSync(index, 'utf8');
  await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, prefix: '/' });
  const serveIndex = (_req: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('text/html; charset=utf-8').send(html);
  app.get('/', { schema: { hide: true } }, serveIndex);
  // Explicit routes, not a second not-found handler: Fastify allows one per prefix and app.ts owns it.
  for (const prefix of appPrefixes) {
    app.get(`/${prefix}`, { schema: { hide: true } }, serveIndex);
    app.get(`/${prefix}/*`, { schema: { hide: true } }, serveIndex);
  }
}
