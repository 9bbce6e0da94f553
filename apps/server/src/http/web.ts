import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendProblem } from './problem';

/** Client-side routes of the React app; each is answered with index.html. */
const appRoutes = /^\/(app|portal|charging|retailer|care|admin|headunit|mail)(\/|$)|^\/$/;

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
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (req.method === 'GET' && appRoutes.test(path)) return serveIndex(req, reply);
    return sendProblem(req, reply, {
      type: 'urn:marque:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: `There is no ${req.method} ${path}.`,
    });
  });
}
