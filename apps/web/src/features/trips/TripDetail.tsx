import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { GarageVehicleT } from '@marque/contracts';
import { api } from '../../lib/api';
import { isSignedOut, plainProblem, signInAgain } from '../owner/problems';
import { SpeedChart } from './SpeedChart';
import { km, label, mins, when, type TripDetailT } from './types';

/** /app/cars/{VIN}/trips/{id}: the route on a map (a line even without tiles), the speed profile and the score. */
export function TripDetail({ car, id }: { car: GarageVehicleT; id: string }) {
  const [trip, setTrip] = useState<TripDetailT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mapDiv = useRef<HTMLDivElement>(null);
  useEffect(() => {
    api<TripDetailT>(`/vehicles/${car.vin}/trips/${id}`).then(setTrip, (e) => (isSignedOut(e) ? signInAgain() : setError(plainProblem(e))));
  }, [car.vin, id]);
  useEffect(() => {
    if (!trip?.route?.length || !mapDiv.current) return;
    const map = L.map(mapDiv.current);
    fetch('/web-config.json')
      .then((r) => r.json() as Promise<{ tileUrl: string }>)
      .then((c) => L.tileLayer(c.tileUrl, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' }).addTo(map), () => undefined);
    const line = L.polyline(trip.route, { weight: 4 }).addTo(map);
    map.fitBounds(line.getBounds(), { padding: [20, 20] });
    return () => void map.remove();
  }, [trip]);
  const remove = async () => {
    if (!window.confirm('Delete this trip for good?')) return;
    await api(`/vehicles/${car.vin}/trips/${id}`, { method: 'DELETE' });
    window.location.assign(`/app/cars/${car.vin}/trips`);
  };
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!trip) return <p>Loading the trip…</p>;
  return (
    <section className="card" aria-labelledby="trip-title" data-testid="trip-detail">
      <h1 id="trip-title">{label(trip)}</h1>
      <p>
        {when(trip.startedAt)} – {when(trip.endedAt)} · {km(trip.distanceM)} · {mins(trip.durationS)} (idle {mins(trip.idleS)}) · avg{' '}
        {trip.avgKmh} km/h · top {trip.maxKmh} km/h
        {trip.fuelL !== null ? ` · ${trip.fuelL} l fuel` : ''}
        {trip.energyKWh !== null ? ` · ${trip.energyKWh} kWh` : ''}
        {trip.electricShare !== null ? ` · ${Math.round(trip.electricShare * 100)} % electric` : ''}
      </p>
      {trip.score !== null && trip.scoreExplanation && (
        <div>
          <p><strong>Driving score {trip.score}/100.</strong> {trip.scoreExplanation.summary}</p>
          <ul>{trip.scoreExplanation.tips.map((t) => <li key={t}>{t}</li>)}</ul>
        </div>
      )}
      {trip.route?.length ? (
        <div ref={mapDiv} className="map" style={{ height: 320 }} aria-label="Route map" />
      ) : (
        <p>The route is not kept: location history is off in your privacy settings.</p>
      )}
      <h2>Speed</h2>
      <SpeedChart points={trip.speedProfile} />
      <p>
        <a href={`/api/v1/vehicles/${car.vin}/trips/${id}.gpx`} download>Export GPX</a>{' '}
        <button type="button" onClick={() => void remove()}>Delete trip</button>
      </p>
    </section>
  );
}
