import { useState } from 'react';
import { Alert, Field, api, send, useSubmit } from './forms';

/** The FAQ advice comes first: selling a car is no reason to delete the account. */
export function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const s = useSubmit(async () => {
    await api('/me', send('DELETE', { password, confirm }));
    window.location.assign('/?deleted=1');
    return true;
  });
  return (
    <section className="card" id="delete">
      <h2>Delete account</h2>
      <p>
        <strong>Selling your car?</strong> You need not delete your account to sell a car: remove the car from your garage, and
        future cars can be added to the same account.
      </p>
      {!open ? (
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          I still want to delete my account
        </button>
      ) : (
        <form onSubmit={s.onSubmit} className="stack" noValidate>
          <p>
            Deleting erases your profile, consents, signed-in devices and your data in every Marque service. It cannot be undone.
          </p>
          <Field
            id="d-password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            invalid={s.error?.field === 'password'}
          />
          <Field
            id="d-confirm"
            label="Type DELETE to confirm"
            value={confirm}
            onChange={setConfirm}
            invalid={s.error?.field === 'confirm'}
          />
          <button type="submit" className="danger" disabled={s.busy || confirm !== 'DELETE'}>
            Delete my account for good
          </button>
          <Alert error={s.error} />
        </form>
      )}
    </section>
  );
}
