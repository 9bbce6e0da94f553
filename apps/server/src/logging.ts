import { pino, stdSerializers, type Logger as Pino } from 'pino';
import type { Config } from './config';

/** Structured JSON logs; secrets never reach them (credentials, cookies, tokens in query strings are redacted). */
export function createLogger(level: Config['logLevel']): Pino {
  return pino({
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.secret',
        '*.deviceSecret',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Query strings can carry tokens and e-mail addresses: log the path and the parameter names only.
      req: (req: { method: string; url: string; id: string }) => {
        const [path, query] = req.url.split('?');
        const keys = query ? [...new URLSearchParams(query).keys()] : [];
        return { method: req.method, path, ...(keys.length ? { queryKeys: keys } : {}), id: req.id };
      },
      err: stdSerializers.err,
    },
  });
}
