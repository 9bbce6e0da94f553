import nodemailer from 'nodemailer';
import type { OutgoingMail, SendMail } from '@marque/accounts';

export const MAIL_FROM = 'Marque <no-reply@marque.local>';

/** Sends through SMTP_URL when set, else through the embedded sink on localhost. */
export function createMailer(target: { smtpUrl: string } | { sinkPort: number }): { sendMail: SendMail; close(): void } {
  const transport =
    'smtpUrl' in target
      ? nodemailer.createTransport(target.smtpUrl)
      : nodemailer.createTransport({ host: '127.0.0.1', port: target.sinkPort, secure: false, ignoreTLS: true });
  return {
    async sendMail(m: OutgoingMail) {
      await transport.sendMail({ from: MAIL_FROM, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
    close: () => transport.close(),
  };
}
