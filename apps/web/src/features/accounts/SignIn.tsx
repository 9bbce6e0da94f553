import { useState } from 'react';
import { Alert, Field, api, send, useSubmit } from './forms';

/** Start page: sign in, or register a new account. */
export function SignInPanel() {
  // `/?register` opens on the registration form (the head unit's "create an account" QR code links here).
  const [mode, setMode] = useState<'signin' | 'register'>(() => (new URLSearchParams(window.location.search).has('register') ? 'register' : 'signin'));
  return (
    <section className="card" aria-labelledby="auth-title">
      <h2 id="auth-title">{mode === 'signin' ? 'Sign in' : 'Create an account'}</h2>
      {mode === 'signin' ? <SignInForm /> : <RegisterForm />}
      <p>
        {mode === 'signin' ? (
          <>
            New here?{' '}
            <button type="button" className="link" onClick={() => setMode('register')}>
              Create an account
            </button>{' '}
            · <a href="/app/forgot-password">Forgotten your password?</a>
          </>
        ) : (
          <>
            Have an account?{' '}
            <button type="button" className="link" onClick={() => setMode('signin')}>
              Sign in
            </button>
          </>
        )}
      </p>
    </section>
  );
}

/** Where to go after signing in: the page that sent the visitor here (same site only), else the owner app. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get('next') ?? '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/app';
}

function SignInForm() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const s = useSubmit(async () => {
    await api('/session', send('POST', { email, password }));
    window.location.assign(nextPath());
    return true;
  });
  return (
    <form onSubmit={s.onSubmit} className="stack" noValidate>
      <Field id="si-email" label="E-mail" type="email" autoComplete="username" value={email} onChange={setEmail} />
      <Field
        id="si-password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <button type="submit" disabled={s.busy}>
        {s.busy ? 'Signing in…' : 'Sign in'}
      </button>
      <Alert error={s.error} />
      {s.error?.code === 'account.pending' && <ResendActivation email={email} />}
    </form>
  );
}

export function ResendActivation({ email }: { email: string }) {
  const s = useSubmit(() => api<{ message: string }>('/accounts/activation/resend', send('POST', { email })));
  return s.result ? (
    <p className="ok">{s.result.message}</p>
  ) : (
    <p>
      <button type="button" className="link" onClick={() => void s.onSubmit()} disabled={s.busy || !email}>
        Send the activation e-mail again
      </button>
      <Alert error={s.error} />
    </p>
  );
}

function RegisterForm() {
  const [f, setF] = useState({ email: '', password: '', name: '', market: 'GB', language: 'en' });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const s = useSubmit(() => api<{ message: string }>('/accounts', send('POST', f)));
  if (s.result) return <p className="ok">{s.result.message}</p>;
  return (
    <form onSubmit={s.onSubmit} className="stack" noValidate>
      <Field
        id="r-name"
        label="Name"
        autoComplete="name"
        value={f.name}
        onChange={set('name')}
        invalid={s.error?.field === 'name'}
      />
      <Field
        id="r-email"
        label="E-mail"
        type="email"
        autoComplete="email"
        value={f.email}
        onChange={set('email')}
        invalid={s.error?.field === 'email'}
      />
      <Field
        id="r-password"
        label="Password (at least 10 characters; a few unrelated words work well)"
        type="password"
        autoComplete="new-password"
        value={f.password}
        onChange={set('password')}
        invalid={s.error?.field === 'password'}
      />
      <div className="row">
        <Field
          id="r-market"
          label="Country (ISO code)"
          value={f.market}
          onChange={(v) => set('market')(v.toUpperCase())}
          invalid={s.error?.field === 'market'}
        />
        <label className="field" htmlFor="r-language">
          <span>Language</span>
          <select id="r-language" value={f.language} onChange={(e) => set('language')(e.target.value)}>
            <option value="en">English</option>
            <option value="de">Deutsch</option>
          </select>
        </label>
      </div>
      <p>
        <small>
          By registering you agree to the <a href="/app/legal/terms">terms of use</a> and have read the{' '}
          <a href="/app/legal/privacy">privacy notice</a>.
        </small>
      </p>
      <button type="submit" disabled={s.busy}>
        {s.busy ? 'Registering…' : 'Register'}
      </button>
      <Alert error={s.error} />
    </form>
  );
}
