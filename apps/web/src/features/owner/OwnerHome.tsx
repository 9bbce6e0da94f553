import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Me } from '../accounts/useMe';
import { useGarage } from './hooks';
import { carName } from './OwnerShell';

/** /app: the garage, one card per car the account holds. */
export function OwnerHome() {
  const { cars, error, termsNeeded } = useGarage();
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    api<Me>('/me').then(setMe, () => undefined);
  }, []);
  if (error) return <p className="error">{error}</p>;
  if (!cars) return <p>Loading your cars…</p>;
  return (
    <div className="owner">
      <div className="row between">
        <h1>{me ? `Hello ${me.name}` : 'Your garage'}</h1>
        <a href="/app/account">Account and privacy</a>
      </div>
      {(termsNeeded || (me && !me.terms.accepted && me.terms.currentVersion !== null)) && (
        <p className="notice">
          New terms of use are waiting for you; your cars’ connected services need them.{' '}
          <a href="/app/account#privacy">Read and accept them</a>.
        </p>
      )}
      {termsNeeded ? null : cars.length === 0 ? (
        <section className="card">
          <h2>Your garage is empty</h2>
          <p>Cars appear here once their connected services are activated for your account.</p>
        </section>
      ) : (
        <ul className="plain garage">
          {cars.map((c) => (
            <li key={c.vin} className="card">
              <h2>{carName(c)}</h2>
              <p>
                <small>
                  {c.powertrain} · VIN {c.vin}
                </small>
              </p>
              <p className="row">
                <a className="button" href={`/app/cars/${c.vin}`}>
                  Status and remote control
                </a>
                <a className="button secondary" href={`/app/cars/${c.vin}/find`}>
                  Find my car
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
