import Fastify, { LogController, type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import { randomUUID } from 'node:crypto';
import { AppError, unstorableText } from '@marque/kernel';
import type { Config } from '../config';
import type { Metrics } from './metrics';
import { errorHandler, sendProblem } from './problem';
import { registerWeb } from './web';

export type HttpApp = FastifyInstance;

export interface HttpAppOptions {
  config: Pick<Config, 'bodyLimitBytes' | 'tileUrl'>;
  metrics: Metrics;
  /** Registers the module routes; called inside the /api/v1 prefix. */
  routes: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** Routes outside /api/v1 (health, metrics, internal). */
  rootRoutes?: Array<(app: FastifyInstance) => Promise<void> | void>;
  webDir?: string | undefined;
  logger?: FastifyBaseLogger | undefined;
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    // Each request is logged once, at debug, by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    trustProxy: false,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  // Text the database cannot store (U+0000, an unpaired surrogate) is a 400 naming the field, before any handler.
  app.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['body', req.body],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const bad = unstorableText(value);
      if (!bad) continue;
      const field = bad.path.join('.') || where;
      throw new AppError('invalid', `${field} ${bad.problem}.`, { fields: [{ field, reason: `${field} ${bad.problem}` }] });
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.debug({ req, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    opts.metrics.httpDuration
      .labels(req.method, req.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  const tileOrigin = new URL(opts.config.tileUrl.replace(/\{[a-z]\}/g, '0')).origin;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', tileOrigin],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  // Session and CSRF cookies (see http/auth.ts); unsigned: the session id is random and looked up by its hash.
  await app.register(cookie);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Marque API',
        version: '1.0.0',
        description: 'Connected-vehicle services. Errors are RFC 9457 problem+json; times are ISO 8601 UTC.',
      },
      servers: [{ url: '/' }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    sendProblem(req, reply, {
      type: 'urn:marque:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: `There is no ${req.method} ${req.url.split('?')[0]}.`,
    }),
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const r of opts.rootRoutes ?? []) await app.register(async (scope) => r(scope));
  await app.register(
    async (v1) => {
      for (const r of opts.routes) await r(v1);
    },
    { prefix: '/api/v1' },
  );
  await registerWeb(app, opts.webDir, { tileUrl: opts.config.tileUrl });
  return app;
}
