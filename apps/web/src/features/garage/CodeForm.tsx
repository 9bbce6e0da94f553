import { useState, type FormEvent } from 'react';
import { activate, activationProblem } from './activation';
import { QrScanner } from './QrScanner';

/** The head unit's QR code holds a link to the activation page with ?code=…; a bare code is accepted too. */
export function codeFromScan(text: string): string {
  try {
    return new URL(text).searchParams.get('code') ?? text;
  } catch {
    return text;
  }
}

/** Activation by the single-use code the head unit shows: typed, or scanned with the camera where the browser can. */
export function CodeForm(props: { vin: string; initialCode: string; onActivated: () => void }) {
  const [code, setCode] = useState(props.initialCode);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(value: string) {
    setBusy(true);
    setError(null);
    try {
      await activate(props.vin, { method: 'code', code: value.trim() });
      props.onActivated();
    } catch (e) {
      setError(activationProblem(e));
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (code.trim()) void send(code);
  }

  return (
    <section className="card" aria-labelledby="code-title">
      <h2 id="code-title">Or use the code on the car’s screen</h2>
      <p>
        <small>On the head unit open Setup → Connected services → Activation code. The code works once and for 5 minutes.</small>
      </p>
      <QrScanner
        onCode={(text) => {
          const c = codeFromScan(text);
          setCode(c);
          void send(c);
        }}
      />
      <form className="row" onSubmit={submit} noValidate>
        <label className="field" htmlFor="act-code">
          <span>Activation code</span>
          <input
            id="act-code"
            value={code}
            autoCapitalize="characters"
            autoComplete="one-time-code"
            spellCheck={false}
            maxLength={40}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
          />
        </label>
        <button type="submit" disabled={busy || !code.trim()}>
          Activate with this code
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
