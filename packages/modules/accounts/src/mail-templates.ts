export type Language = 'en' | 'de';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the module needs from a mail transport; apps/server wires nodemailer behind it. */
export type SendMail = (mail: OutgoingMail) => Promise<void>;

interface Content {
  subject: string;
  greeting: string;
  paragraphs: string[];
  link?: { url: string; label: string };
  after?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(to: string, c: Content): OutgoingMail {
  const text = [
    c.greeting,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.link ? [c.link.url, ''] : []),
    c.after ?? '',
    '— Marque',
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(c.greeting)}</p>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    c.link ? `<p><a href="${escapeHtml(c.link.url)}">${escapeHtml(c.link.label)}</a></p>` : '',
    c.after ? `<p>${escapeHtml(c.after)}</p>` : '',
    '<p>— Marque</p></body></html>',
  ].join('\n');
  return { to, subject: c.subject, text, html };
}

const hello = (lang: Language, name: string | null) =>
  lang === 'de' ? (name ? `Hallo ${name},` : 'Hallo,') : name ? `Hello ${name},` : 'Hello,';

export const mails = {
  activation(lang: Language, to: string, name: string | null, url: string): OutgoingMail {
    return render(
      to,
      lang === 'de'
        ? {
            subject: 'Bitte aktivieren Sie Ihr Marque-Konto',
            greeting: hello(lang, name),
            paragraphs: [
              'danke für Ihre Registrierung. Öffnen Sie diesen Link, um Ihr Konto zu aktivieren. Er ist 48 Stunden gültig und kann nur einmal verwendet werden.',
            ],
            link: { url, label: 'Konto aktivieren' },
            after: 'Wenn Sie sich nicht registriert haben, ignorieren Sie diese E-Mail einfach.',
          }
        : {
            subject: 'Activate your Marque account',
            greeting: hello(lang, name),
            paragraphs: [
              'thank you for registering. Open this link to activate your account. It works once and expires in 48 hours.',
            ],
            link: { url, label: 'Activate my account' },
            after: 'If you did not register, simply ignore this e-mail.',
          },
    );
  },

  alreadyRegistered(lang: Language, to: string, name: string | null, signInUrl: string, forgotUrl: string): OutgoingMail {
    return render(
      to,
      lang === 'de'
        ? {
            subject: 'Jemand wollte sich mit Ihrer Adresse registrieren',
            greeting: hello(lang, name),
            paragraphs: [
              'jemand hat versucht, mit dieser E-Mail-Adresse ein neues Marque-Konto anzulegen. Sie haben bereits ein Konto; es wurde nichts geändert.',
              `Waren Sie das? Dann melden Sie sich an: ${signInUrl} — Passwort vergessen? ${forgotUrl}`,
            ],
            after: 'Wenn nicht, können Sie diese E-Mail ignorieren.',
          }
        : {
            subject: 'Someone tried to register with your address',
            greeting: hello(lang, name),
            paragraphs: [
              'someone tried to create a new Marque account with this e-mail address. You already have an account; nothing was changed.',
              `Was it you? Then sign in: ${signInUrl} — forgotten your password? ${forgotUrl}`,
            ],
            after: 'If it was not you, you can ignore this e-mail.',
          },
    );
  },

  passwordReset(lang: Language, to: string, name: string | null, url: string): OutgoingMail {
    return render(
      to,
      lang === 'de'
        ? {
            subject: 'Ihr Marque-Passwort zurücksetzen',
            greeting: hello(lang, name),
            paragraphs: [
              'Sie können mit diesem Link ein neues Passwort wählen. Er ist eine Stunde gültig und kann nur einmal verwendet werden. Danach werden Sie auf allen Geräten abgemeldet.',
            ],
            link: { url, label: 'Neues Passwort wählen' },
            after: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert.',
          }
        : {
            subject: 'Reset your Marque password',
            greeting: hello(lang, name),
            paragraphs: [
              'Use this link to choose a new password. It works once and expires in one hour. Afterwards you will be signed out on every device.',
            ],
            link: { url, label: 'Choose a new password' },
            after: 'If you did not ask for this, ignore this e-mail; your password stays as it is.',
          },
    );
  },

  passwordChanged(lang: Language, to: string, name: string | null, forgotUrl: string): OutgoingMail {
    return render(
      to,
      lang === 'de'
        ? {
            subject: 'Ihr Marque-Passwort wurde geändert',
            greeting: hello(lang, name),
            paragraphs: [
              'das Passwort Ihres Marque-Kontos wurde soeben geändert.',
              `Waren Sie das nicht? Setzen Sie es sofort zurück: ${forgotUrl}`,
            ],
          }
        : {
            subject: 'Your Marque password was changed',
            greeting: hello(lang, name),
            paragraphs: [
              'the password of your Marque account was just changed.',
              `Was this not you? Reset it at once: ${forgotUrl}`,
            ],
          },
    );
  },

  accountDeleted(lang: Language, to: string, name: string | null): OutgoingMail {
    return render(
      to,
      lang === 'de'
        ? {
            subject: 'Ihr Marque-Konto wurde gelöscht',
            greeting: hello(lang, name),
            paragraphs: [
              'Ihr Marque-Konto und Ihre personenbezogenen Daten wurden gelöscht. Dies ist die letzte E-Mail, die wir Ihnen senden.',
            ],
          }
        : {
            subject: 'Your Marque account was deleted',
            greeting: hello(lang, name),
            paragraphs: ['your Marque account and your personal data have been deleted. This is the last e-mail we send you.'],
          },
    );
  },
};
