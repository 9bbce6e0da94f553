import { useState } from 'react';
import type { GarageVehicleT } from '@marque/contracts';
import type { useCommands } from './useCommands';

type Commands = ReturnType<typeof useCommands>;

/** Lock, unlock, hazards, lights, climate and (PHEV/BEV) charging; progress is shown by CommandProgress. */
export function RemoteCommands({ car, commands }: { car: GarageVehicleT; commands: Commands }) {
  const [temperatureC, setTemperature] = useState(21);
  const [durationMin, setDuration] = useState(10);
  const { send, busy } = commands;
  const button = (name: string, label: string, params?: Record<string, unknown>) => (
    <button type="button" disabled={busy} onClick={() => void send(name, label, params)}>
      {label}
    </button>
  );
  const chargeable = car.powertrain === 'PHEV' || car.powertrain === 'BEV';
  return (
    <section className="card" aria-labelledby="rc-title">
      <h2 id="rc-title">Remote control</h2>
      <div className="command-grid">
        {button('doors.lock', 'Lock')}
        {button('doors.unlock', 'Unlock')}
        {button('hazards.on', 'Hazards on')}
        {button('hazards.off', 'Hazards off')}
        {button('lights.flash', 'Flash lights')}
      </div>
      <fieldset className="climate">
        <legend>Climate</legend>
        <label className="field" htmlFor="cl-temp">
          <span>Temperature: {temperatureC} °C</span>
          <input
            id="cl-temp"
            type="range"
            min={16}
            max={30}
            step={0.5}
            value={temperatureC}
            onChange={(e) => setTemperature(Number(e.target.value))}
          />
        </label>
        <label className="field" htmlFor="cl-duration">
          <span>Run for</span>
          <select id="cl-duration" value={durationMin} onChange={(e) => setDuration(Number(e.target.value))}>
            {[5, 10, 15, 20, 30].map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
          </select>
        </label>
        <div className="command-grid">
          {button('climate.start', 'Start climate', { temperatureC, durationMin })}
          {button('climate.stop', 'Stop climate')}
        </div>
      </fieldset>
      {chargeable && (
        <div className="command-grid">
          {button('charging.start', 'Start charging')}
          {button('charging.stop', 'Stop charging')}
        </div>
      )}
      {commands.error && (
        <p role="alert" className="error">
          {commands.error}
        </p>
      )}
    </section>
  );
}
