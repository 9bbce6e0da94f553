import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
import type { Me } from '../accounts/useMe';
import { useGarage } from './hooks';
import { LastTrip } from '../trips/TripsPage';
import { carName } from './OwnerShell';
import { AddCar } from '../garage/AddCar';
import { CarBadges, GarageCarActions, InactiveCar } from '../garage/GarageCar';
import { CurrentCar } from './OwnerHomeCurrentCar';
import { HeadUnitProfileStatus } from '../garage/HeadUnitProfileStatus';

/** /app: My Garage — one card per car added (active when the account holds its services), and adding a car by VIN. */
export function OwnerHome() {
  const { cars, error, termsNeeded, reload } = useGarage();
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
        <span className="row">
          <a href="/app/inbox">Inbox</a> · <a href="/app/account">Account and privacy</a>
        </span>
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
          <p>Add your car below with its VIN, then activate its connected services from inside the car.</p>
        </section>
      ) : (
        <>
          <CurrentCar car={cars.find((c) => c.current) ?? cars[0]!} />
          <h2>Your garage</h2>
          <ul className="plain garage">
            {cars.map((c) => (
              <li key={c.vin} className="card">
                <h2>{carName(c)}</h2>
                <p>
                  <small>
                    {c.powertrain} · VIN {c.vin}
                  </small>
                </p>
                <CarBadges car={c} />
                {c.status === 'inactive' ? (
                  <InactiveCar car={c} />
                ) : (
                  <>
                    <LastTrip vin={c.vin} />
                    <p className="row">
                      <a className="button" href={`/app/cars/${c.vin}`}>
                        Status and remote control
                      </a>
                      <a className="button secondary" href={`/app/cars/${c.vin}/find`}>
                        Find my car
                      </a>
                      <a className="button secondary" href={`/app/cars/${c.vin}/services`}>
                        Connected Services centre
                      </a>
                    </p>
                  </>
                )}
                <HeadUnitProfileStatus vin={c.vin} />
                <GarageCarActions car={c} onChanged={reload} />
              </li>
            ))}
          </ul>
        </>
      )}
      {!termsNeeded && <AddCar onAdded={reload} />}
    </div>
  );
}
