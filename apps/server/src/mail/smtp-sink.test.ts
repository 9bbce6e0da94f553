import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@marque/kernel';
import { createMailbox } from './mailbox';
import { createMailer } from './mailer';
import { startSmtpSink } from './smtp-sink';

test('mail sent through nodemailer reaches the embedded sink and reads back intact, umlauts included', async () => {
  const mailbox = createMailbox(2);
  const sink = await startSmtpSink({ port: 0, fallback: false, mailbox, log: silentLogger });
  const mailer = createMailer({ sinkPort: sink.port });
  try {
    const link = 'http://localhost:3000/app/activate?token=abc_DEF-123';
    const text = `Hallo Jürgen,\n\nöffnen Sie diesen Link: ${link}\n${'Zeile mit Überlänge '.repeat(10)}`;
    await mailer.sendMail({
      to: 'Juergen@Example.com',
      subject: 'Bitte aktivieren Sie Ihr Konto – schön',
      text,
      html: `<p>Grüße <a href="${link}">x</a></p>`,
    });
    const [m] = mailbox.list('juergen@example.com');
    assert.ok(m);
    assert.equal(m.subject, 'Bitte aktivieren Sie Ihr Konto – schön');
    assert.equal(m.text, text.trim());
    assert.equal(m.html, `<p>Grüße <a href="${link}">x</a></p>`);
    assert.deepEqual(m.links, [link]);
    for (let i = 0; i < 3; i++) await mailer.sendMail({ to: 'other@example.com', subject: `n${i}`, text: 't', html: '<p>t</p>' });
    assert.equal(mailbox.size(), 2, 'the mailbox is bounded');
    assert.deepEqual(mailbox.list('juergen@example.com'), []);
  } finally {
    mailer.close();
    await sink.close();
  }
});
