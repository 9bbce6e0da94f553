import { useEffect, useRef, useState } from 'react';
import { Alert, Field, api, send, useSubmit } from './forms';
import { ResendActivation } from './SignIn';

const tokenParam = () => new URLSearchParams(window.location.search).get('token') ?? '';

/** /app/activate?token=… : the landing page of the activation e-mail. */
export function ActivatePage() {
  const [email, setEmail] = useState('');
  const s = useSubmit(() => api<{ status: string; email: string }>('/accounts/activate', send('POST', { token: tokenParam() })));
  const started = useRef(false);
  useEffect(() => {
    // Once only, even under StrictMode's double effects: a token can be spent once.
    if (started.current) return;
    started.current = true;
    void s.onSubmit();
  });
  return (
    <section className="card">
      <h2>Activate your account</h2>
      {s.busy && <p>Activating…</p>}
      {s.result && (
        <p className="ok">
          Your account {s.result.email} is active. <a href="/">Sign in</a>.
        </p>
      )}
      <Alert error={s.error} />
      {s.error?.code === 'token.used' && <a href="/">Sign in</a>}
      {s.error && s.error.code !== 'token.used' && (
        <div className="stack">
          <Field id="a-email" label="Your e-mail, for a new link" type="email" value={email} onChange={setEmail} />
          <ResendActivation email={email} />
        </div>
      )}
    </section>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const s = useSubmit(() => api<{ message: string }>('/password/forgot', send('POST', { email })));
  return (
    <section className="card">
      <h2>Forgotten password</h2>
      {s.result ? (
        <p className="ok">{s.result.message} The link is valid for one hour.</p>
      ) : (
        <form onSubmit={s.onSubmit} className="stack" noValidate>
          <Field id="f-email" label="E-mail" type="email" autoComplete="email" value={email} onChange={setEmail} />
          <button type="submit" disabled={s.busy}>
            Send me a link
          </button>
          <Alert error={s.error} />
        </form>
      )}
    </section>
  );
}

export function ResetPasswordPage() {
  const [password, setPassword] = useState('');
  const s = useSubmit(async () => {
    await api('/password/reset', send('POST', { token: tokenParam(), password }));
    return true;
  });
  return (
    <section className="card">
      <h2>Choose a new password</h2>
      {s.result ? (
        <p className="ok">
          Your password is changed and every device was signed out. <a href="/">Sign in</a>.
        </p>
      ) : (
        <form onSubmit={s.onSubmit} className="stack" noValidate>
          <Field
            id="rp-password"
            label="New password (at least 10 characters)"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={setPassword}
          />
          <button type="submit" disabled={s.busy}>
            Set password
          </button>
          <Alert error={s.error} />
          {(s.error?.code === 'token.expired' || s.error?.code === 'token.used') && (
            <a href="/app/forgot-password">Ask for a new link</a>
          )}
        </form>
      )}
    </section>
  );
}
