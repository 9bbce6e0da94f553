import { SMTPServer } from 'smtp-server';
import type { Logger } from '@marque/kernel';
import { listenWithFallback, netServerListen } from '../net';
import type { Mailbox } from './mailbox';
import { parseMail } from './mime';

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

/** The embedded SMTP server of a laptop install: it delivers nothing and keeps what it caught in the mailbox. */
export async function startSmtpSink(opts: {
  port: number;
  host?: string;
  fallback: boolean;
  mailbox: Mailbox;
  log: Logger;
}): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 2 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        try {
          const parsed = parseMail(Buffer.concat(chunks));
          const to = session.envelope.rcptTo.map((r) => r.address);
          opts.mailbox.add({ ...parsed, to, date: new Date() });
          callback();
        } catch (e) {
          callback(e as Error);
        }
      });
    },
  });
  server.on('error', (e) => opts.log.warn({ err: { message: e.message } }, 'smtp sink error'));
  const host = opts.host ?? '127.0.0.1';
  await listenWithFallback(netServerListen(server.server, host), opts.port, {
    fallback: opts.fallback,
    name: 'SMTP',
    log: (m) => opts.log.warn(m),
  });
  const port = (server.server.address() as { port: number }).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
