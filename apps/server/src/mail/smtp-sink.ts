import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '@marque/kernel';
import { listenWithFallback, netServerListen } from '../net';
import type { Mailbox } from './mailbox';

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
      // mailparser (nodemailer's own parser) reads whatever MIME the sender produced: multipart, charsets,
      // transfer encodings, encoded words.
      simpleParser(stream, { skipImageLinks: true }).then(
        (m) => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const html = typeof m.html === 'string' ? m.html.trim() : '';
          opts.mailbox.add({ subject: m.subject ?? '', from: m.from?.text ?? '', text: (m.text ?? '').trim(), html, to, date: new Date() });
          callback();
        },
        (e: Error) => callback(e),
      );
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
