import { useEffect, useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { carName } from './OwnerShell';
import { CarPicture } from './OwnerHomeCarPicture';
import { day, type ServicePackage, type ServicesCentreT } from '../garage/types';

type Verdict = {
  state: 'active' | 'inactive' | 'expired' | 'cancelled';
  text: string;
  todo: { label: string; href: string } | null;
};

/** Services at a glance: one word, a date, and what to do when they are not running. */
export function servicesVerdict(car: GarageVehicleT, standard: ServicePackage | undefined): Verdict {
  if (car.status === 'inactive')
    return {
      state: 'inactive',
      text: 'Not active on your account',
      todo: { label: 'Activate connected services', href: `/app/cars/${car.vin}/activate` },
    };
  if (standard?.state === 'expired')
    return {
      state: 'expired',
      text: `Services expired on ${standard.until ? day(standard.until) : '—'}`,
      todo: { label: 'See the services centre', href: `/app/cars/${car.vin}/services` },
    };
  if (standard?.state === 'cancelled')
    return {
      state: 'cancelled',
      text: 'Services cancelled',
      todo: { label: 'Subscribe again', href: `/app/cars/${car.vin}/services` },
    };
  if (standard?.state === 'active')
    return {
      state: 'active',
      text: standard.until ? `Services active until ${day(standard.until)}` : 'Services active',
      todo: null,
    };
  return {
    state: 'inactive',
    text: 'Services not running',
    todo: { label: 'See the services centre', href: `/app/cars/${car.vin}/services` },
  };
}

/** The shortcuts this car and its services allow right now. */
export function shortcuts(
  car: GarageVehicleT,
  standard: ServicePackage | undefined,
): Array<{ id: string; label: string; href: string }> {
  const base = `/app/cars/${car.vin}`;
  const maintenance = { id: 'maintenance', label: 'Maintenance', href: `${base}/maintenance` };
  if (car.status === 'inactive') return [];
  const services = { id: 'services', label: 'Services', href: `${base}/services` };
  if (standard?.state !== 'active') return [services, maintenance];
  const on = (id: string) => standard.services.some((s) => s.id === id && s.state === 'active');
  return [
    ...(on('vehicle_status') ? [{ id: 'status', label: 'Status', href: base }] : []),
    ...(on('find_my_car') ? [{ id: 'find', label: 'Find my car', href: `${base}/find` }] : []),
    { id: 'trips', label: 'Trips', href: `${base}/trips` },
    ...(['remote_doors', 'remote_climate', 'remote_hazards', 'remote_charging'].some(on)
      ? [{ id: 'remote', label: 'Remote commands', href: `${base}#rc-title` }]
      : []),
    services,
    maintenance,
  ];
}

/** The top of /app: the current car's picture, whether its services run (obvious at a glance), and what it can do. */
export function CurrentCar({ car }: { car: GarageVehicleT }) {
  const [centre, setCentre] = useState<ServicesCentreT | null | undefined>(car.status === 'inactive' ? null : undefined);
  useEffect(() => {
    if (car.status === 'inactive') return;
    api<ServicesCentreT>(`/vehicles/${car.vin}/services`).then(setCentre, () => setCentre(null));
  }, [car.vin, car.status]);
  const standard = centre?.packages.find((p) => p.id === 'standard');
  const verdict = centre === undefined ? null : servicesVerdict(car, standard);
  return (
    <section className="card current-car" aria-labelledby="current-car" data-testid="current-car" data-vin={car.vin}>
      <div className="row">
        <CarPicture car={car} />
        <div>
          <h2 id="current-car">{car.nickname || carName(car)}</h2>
          <p>
            <small>
              {car.nickname ? `${carName(car)} · ` : ''}
              {car.powertrain} · {car.vin}
            </small>
          </p>
          {verdict && (
            <p className={`services-verdict ${verdict.state}`} data-testid="services-verdict" data-state={verdict.state}>
              <span className={`badge ${verdict.state === 'active' ? 'on' : verdict.state === 'inactive' ? 'off' : 'warn'}`}>
                {verdict.state === 'active'
                  ? '● Active'
                  : verdict.state === 'inactive'
                    ? '○ Inactive'
                    : verdict.state === 'expired'
                      ? '! Expired'
                      : '! Cancelled'}
              </span>{' '}
              {verdict.text}
              {verdict.todo && (
                <>
                  {' '}
                  — <a href={verdict.todo.href}>{verdict.todo.label}</a>
                </>
              )}
            </p>
          )}
        </div>
      </div>
      {verdict && (
        <nav className="shortcuts" aria-label="What this car can do" data-testid="shortcuts">
          {shortcuts(car, standard).map((s) => (
            <a key={s.id} className="button secondary" href={s.href} data-shortcut={s.id}>
              {s.label}
            </a>
          ))}
        </nav>
      )}
    </section>
  );
}
