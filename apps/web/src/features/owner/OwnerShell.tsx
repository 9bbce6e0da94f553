import type { ReactNode } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { useGarage } from './hooks';
import { InactiveCar } from '../garage/GarageCar';

export const carName = (c: GarageVehicleT) => `${c.brand} ${c.model} ${c.modelYear}`;
export type Section = 'status' | 'find' | 'trips' | 'services' | 'maintenance';

/**
 * The owner app's frame: the car switcher (the cars this account holds) and the sections of the chosen car.
 * Renders `children(car)` only for a car the account holds.
 */
export function OwnerShell(props: { vin: string; section: Section; children: (car: GarageVehicleT) => ReactNode }) {
  const { cars, error, termsNeeded } = useGarage();
  if (error) return <p className="error">{error}</p>;
  if (termsNeeded)
    return (
      <p className="notice">
        Your cars’ connected services need the current terms of use. <a href="/app/account#privacy">Read and accept them</a>.
      </p>
    );
  if (!cars) return <p>Loading your cars…</p>;
  const car = cars.find((c) => c.vin === props.vin);
  const go = (vin: string) => window.location.assign(`/app/cars/${vin}${props.section === 'find' ? '/find' : ''}`);
  return (
    <div className="owner">
      <nav className="owner-nav" aria-label="Your car">
        <label className="switcher" htmlFor="car-switcher">
          <span className="sr-only">Car</span>
          <select id="car-switcher" value={car ? car.vin : ''} onChange={(e) => go(e.target.value)}>
            {!car && <option value="">Choose a car</option>}
            {cars.map((c) => (
              <option key={c.vin} value={c.vin}>
                {carName(c)} · {c.powertrain} · {c.vin.slice(-6)}
              </option>
            ))}
          </select>
        </label>
        <span className="tabs">
          <a href={`/app/cars/${props.vin}`} aria-current={props.section === 'status' ? 'page' : undefined}>
            Status
          </a>
          <a href={`/app/cars/${props.vin}/find`} aria-current={props.section === 'find' ? 'page' : undefined}>
            Find my car
          </a>
          <a href={`/app/cars/${props.vin}/trips`} aria-current={props.section === 'trips' ? 'page' : undefined}>
            Trips
          </a>
          <a href={`/app/cars/${props.vin}/services`} aria-current={props.section === 'services' ? 'page' : undefined}>
            Services
          </a>
          <a href={`/app/cars/${props.vin}/maintenance`} aria-current={props.section === 'maintenance' ? 'page' : undefined}>
            Maintenance
          </a>
          <a href="/app">Garage</a>
          <a href="/app/account">Account</a>
        </span>
      </nav>
      {car?.status === 'inactive' ? (
        <section className="card">
          <h2>{carName(car)}</h2>
          <InactiveCar car={car} />
        </section>
      ) : car ? (
        props.children(car)
      ) : (
        <section className="card">
          <h2>Not your car</h2>
          <p role="alert" className="error">
            {props.vin} is not in your garage, so you cannot see or control it. <a href="/app">Back to your garage</a>.
          </p>
        </section>
      )}
    </div>
  );
}
