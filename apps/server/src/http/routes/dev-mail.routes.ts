import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Mailbox } from '../../mail/mailbox';

/** Demo mode only: what the embedded SMTP sink caught for an address. */
export function devMailRoutes(mailbox: Mailbox) {
  return async (app: FastifyInstance) => {
    app.get(
      '/dev/mail',
      {
        schema: {
          tags: ['demo'],
          summary: 'Demo mode only: the e-mails the embedded SMTP sink caught for an address, newest first',
          querystring: Type.Object({ to: Type.String({ format: 'email', maxLength: 254 }) }),
        },
      },
      async (req) => ({ messages: mailbox.list((req.query as { to: string }).to) }),
    );
  };
}
