/** A mail the embedded SMTP sink caught (demo mode shows them at /mail). */
export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  date: Date;
}

export interface MailView {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  date: string;
  links: string[];
}

/** Links in a mail, so the demo page and tests can follow activation and reset links. */
export function extractLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}

/** In-memory, bounded: the oldest mails go once `limit` is reached. */
export function createMailbox(limit = 500) {
  const mails: CaughtMail[] = [];
  const listeners = new Set<(m: CaughtMail) => void>();
  return {
    add(m: CaughtMail): void {
      mails.push(m);
      if (mails.length > limit) mails.splice(0, mails.length - limit);
      for (const l of listeners) l(m);
    },
    /** Newest first; addresses compare case-insensitively. */
    list(to: string): MailView[] {
      const want = to.trim().toLowerCase();
      return mails
        .filter((m) => m.to.some((a) => a.toLowerCase() === want))
        .reverse()
        .map((m) => ({ ...m, date: m.date.toISOString(), links: extractLinks(m.text) }));
    },
    size: () => mails.length,
    onMail(l: (m: CaughtMail) => void): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export type Mailbox = ReturnType<typeof createMailbox>;
