import type { ReactNode } from 'react';
import type { VehicleStatusT } from '@marque/contracts';
import { duration } from './problems';

type Reading<T> = { value: T; at: string; staleSeconds: number } | null;

/** How old a reading is now: the server's staleness plus the time since we fetched it. */
function age(r: Reading<unknown>, drift: number): string {
  if (!r) return 'not reported yet';
  const s = r.staleSeconds + drift;
  return s < 5 ? 'just now' : `${duration(s)} ago`;
}

function Item(props: {
  label: string;
  reading: Reading<unknown>;
  drift: number;
  children: ReactNode;
  testId?: string;
  warn?: boolean;
}) {
  return (
    <div className={`item${props.warn ? ' warn' : ''}`}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.reading ? props.children : '—'}</dd>
      <dd className="age">
        <small>{age(props.reading, props.drift)}</small>
      </dd>
    </div>
  );
}

const pct = (r: Reading<number>) => (r ? `${Math.round(r.value)} %` : '');
const km = (r: Reading<number>) => (r ? `${Math.round(r.value).toLocaleString()} km` : '');
const DOOR_NAMES: Record<string, string> = {
  row1DriverSide: 'front left',
  row1PassengerSide: 'front right',
  row2DriverSide: 'rear left',
  row2PassengerSide: 'rear right',
};
const TYRE_NAMES: Record<string, string> = {
  frontLeft: 'Front left',
  frontRight: 'Front right',
  rearLeft: 'Rear left',
  rearRight: 'Rear right',
};

/** The newest reading among several (for summaries such as "all doors closed"). */
function newest<T>(rs: Reading<T>[]): Reading<T> {
  return rs.reduce<Reading<T>>((a, b) => (!a ? b : !b ? a : b.staleSeconds < a.staleSeconds ? b : a), null);
}

/** Everything the car last reported, each value with how old it is. `drift` is seconds since the status was fetched. */
export function StatusView({ s, drift }: { s: VehicleStatusT; drift: number }) {
  const doors = Object.entries(s.doors);
  const unlocked = doors.filter(([, d]) => d.locked && !d.locked.value).map(([k]) => DOOR_NAMES[k]);
  const open = doors.filter(([, d]) => d.open?.value).map(([k]) => DOOR_NAMES[k]);
  const windows = doors.filter(([, d]) => (d.windowOpenPercent?.value ?? 0) > 0).map(([k]) => DOOR_NAMES[k]);
  const lockReading = newest(doors.map(([, d]) => d.locked));
  const lockText = s.allLocked === null ? 'Unknown' : s.allLocked ? 'Locked' : 'Unlocked';
  const battery = s.tractionBattery;
  return (
    <>
      <section className="card" aria-labelledby="st-security">
        <h2 id="st-security">Doors and locks</h2>
        <dl className="items">
          <Item label="Locks" reading={lockReading} drift={drift} testId="lock-state" warn={s.allLocked === false}>
            {lockText}
            {unlocked.length > 0 && unlocked.length < 4 && <small> ({unlocked.join(', ')} unlocked)</small>}
          </Item>
          <Item label="Doors" reading={newest(doors.map(([, d]) => d.open))} drift={drift} warn={open.length > 0}>
            {open.length ? `Open: ${open.join(', ')}` : 'All closed'}
          </Item>
          <Item
            label="Windows"
            reading={newest(doors.map(([, d]) => d.windowOpenPercent))}
            drift={drift}
            warn={windows.length > 0}
          >
            {windows.length ? `Open: ${windows.join(', ')}` : 'All closed'}
          </Item>
          <Item label="Trunk" reading={s.trunk.open} drift={drift} warn={!!s.trunk.open?.value}>
            {s.trunk.open?.value ? 'Open' : 'Closed'}
            {s.trunk.locked && (s.trunk.locked.value ? ', locked' : ', unlocked')}
          </Item>
          <Item label="Hood" reading={s.hood.open} drift={drift} warn={!!s.hood.open?.value}>
            {s.hood.open?.value ? 'Open' : 'Closed'}
          </Item>
          <Item label="Hazard lights" reading={s.hazardLights} drift={drift} testId="hazard-state">
            {s.hazardLights?.value ? 'Flashing' : 'Off'}
          </Item>
        </dl>
      </section>
      <section className="card" aria-labelledby="st-energy">
        <h2 id="st-energy">Energy and range</h2>
        <dl className="items">
          {s.fuel.levelPercent && (
            <Item label="Fuel" reading={s.fuel.levelPercent} drift={drift}>
              {pct(s.fuel.levelPercent)} {s.fuel.rangeKm && <small>· {km(s.fuel.rangeKm)}</small>}
            </Item>
          )}
          {battery.stateOfChargePercent && (
            <Item label="Battery" reading={battery.stateOfChargePercent} drift={drift}>
              {pct(battery.stateOfChargePercent)} {battery.rangeKm && <small>· {km(battery.rangeKm)}</small>}
              {battery.charging?.value && <strong className="ok"> · charging</strong>}
            </Item>
          )}
          <Item label="Range" reading={s.rangeKm} drift={drift}>
            {km(s.rangeKm)}
          </Item>
          <Item label="Odometer" reading={s.odometerKm} drift={drift}>
            {km(s.odometerKm)}
          </Item>
          <Item
            label="12 V battery"
            reading={s.lowVoltageBattery.voltage}
            drift={drift}
            warn={(s.lowVoltageBattery.voltage?.value ?? 13) < 11.8}
          >
            {s.lowVoltageBattery.voltage?.value.toFixed(1)} V
          </Item>
        </dl>
      </section>
      <section className="card" aria-labelledby="st-tyres">
        <h2 id="st-tyres">Tyres</h2>
        <dl className="items">
          {Object.entries(s.tyres).map(([k, t]) => (
            <Item key={k} label={TYRE_NAMES[k] ?? k} reading={t.pressureKpa} drift={drift} warn={!!t.low?.value}>
              {t.pressureKpa && `${(t.pressureKpa.value / 100).toFixed(1)} bar`}
              {t.low?.value && <strong> · low</strong>}
            </Item>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="st-comfort">
        <h2 id="st-comfort">Climate and service</h2>
        <dl className="items">
          <Item label="Climate" reading={s.climate.active} drift={drift} testId="climate-state">
            {s.climate.active?.value ? 'On' : 'Off'}
            {s.climate.targetTemperatureC && s.climate.active?.value && (
              <small> · set to {s.climate.targetTemperatureC.value} °C</small>
            )}
          </Item>
          <Item label="Cabin" reading={s.climate.cabinTemperatureC} drift={drift}>
            {s.climate.cabinTemperatureC && `${s.climate.cabinTemperatureC.value.toFixed(1)} °C`}
          </Item>
          <Item label="Service" reading={s.service.due ?? s.service.distanceKm} drift={drift} warn={!!s.service.due?.value}>
            {s.service.due?.value ? 'Due now' : 'Not due'}
            {s.service.distanceKm && s.service.timeDays && !s.service.due?.value && (
              <small>
                {' '}
                · in {km(s.service.distanceKm)} or {s.service.timeDays.value} days
              </small>
            )}
          </Item>
        </dl>
        <h3>Warnings</h3>
        {s.warnings.length === 0 ? (
          <p>No warnings.</p>
        ) : (
          <ul className="plain warnings">
            {s.warnings.map((w) => (
              <li key={w.code + w.message} className="warn">
                {w.message} <small>· {duration((Date.parse(s.asOf) - Date.parse(w.at)) / 1000 + drift)} ago</small>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
