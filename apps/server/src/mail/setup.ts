import type { Logger } from '@marque/kernel';
import type { SendMail } from '@marque/accounts';
import type { Config } from '../config';
import { createMailbox, type Mailbox } from './mailbox';
import { createMailer } from './mailer';
import { startSmtpSink } from './smtp-sink';

export interface MailSetup {
  sendMail: SendMail;
  /** Set when the embedded sink runs (no SMTP_URL). */
  mailbox?: Mailbox;
  sinkPort?: number;
  close(): Promise<void>;
}

/** SMTP_URL sends through a real server; otherwise an embedded sink on SMTP_PORT catches every mail. */
export async function startMail(config: Pick<Config, 'smtpUrl' | 'smtpPort' | 'portFallback'>, log: Logger): Promise<MailSetup> {
  if (config.smtpUrl) {
    const mailer = createMailer({ smtpUrl: config.smtpUrl });
    return { sendMail: mailer.sendMail, close: async () => mailer.close() };
  }
  const mailbox = createMailbox(500);
  const sink = await startSmtpSink({ port: config.smtpPort, fallback: config.portFallback, mailbox, log });
  const mailer = createMailer({ sinkPort: sink.port });
  return {
    sendMail: mailer.sendMail,
    mailbox,
    sinkPort: sink.port,
    close: async () => {
      mailer.close();
      await sink.close();
    },
  };
}
