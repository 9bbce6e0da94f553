import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import markerIcon from 'leaflet/dist/images/marker-icon.png';
import markerIcon2x from 'leaflet/dist/images/marker-icon-2x.png';
import markerShadow from 'leaflet/dist/images/marker-shadow.png';
import type { GarageVehicleT, VehicleLocationT } from '@marque/contracts';
import { api } from '../../lib/api';
import { carName } from './OwnerShell';
import { duration, isSignedOut, plainProblem, signInAgain } from './problems';

// Leaflet's images come from node_modules through Vite, not from a CDN.
const icon = L.icon({
  iconUrl: markerIcon,
  iconRetinaUrl: markerIcon2x,
  shadowUrl: markerShadow,
  iconSize: [25, 41],
  iconAnchor: [12, 41],
  popupAnchor: [1, -34],
  shadowSize: [41, 41],
});

type Place = NonNullable<VehicleLocationT['location']>;

/** /app/cars/{VIN}/find: where the car is (last parked place), on a map when tiles load and as coordinates always. */
export function FindMyCar({ car }: { car: GarageVehicleT }) {
  const [place, setPlace] = useState<Place | null | undefined>(undefined);
  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const mapDiv = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api<VehicleLocationT>(`/vehicles/${car.vin}/location`).then(
      (r) => setPlace(r.location),
      (e) => (isSignedOut(e) ? signInAgain() : setError(plainProblem(e))),
    );
    fetch('/web-config.json')
      .then((r) => r.json() as Promise<{ tileUrl: string }>)
      .then(
        (c) => setTileUrl(c.tileUrl),
        () => setTilesFailed(true),
      );
  }, [car.vin]);

  useEffect(() => {
    if (!place || !mapDiv.current) return;
    const map = L.map(mapDiv.current).setView([place.lat, place.lon], 16);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' })
        .on('tileerror', () => setTilesFailed(true))
        .addTo(map);
    }
    L.marker([place.lat, place.lon], { icon, title: carName(car), alt: carName(car) })
      .addTo(map)
      .bindPopup(`${carName(car)}<br>${new Date(place.at).toLocaleString()}`);
    return () => void map.remove();
  }, [place, tileUrl, car]);

  const coords = place ? `${place.lat.toFixed(5)}, ${place.lon.toFixed(5)}` : '';
  return (
    <section className="card" aria-labelledby="find-title">
      <h1 id="find-title">Find my car</h1>
      <p>
        <small>{carName(car)}</small>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {place === undefined && !error && <p>Looking for your car…</p>}
      {place === null && <p>Your car has not reported a position yet.</p>}
      {place && (
        <>
          <p data-testid="car-position">
            {place.parked === false ? 'Driving, last seen at ' : 'Parked at '}
            <strong>{coords}</strong>{' '}
            <small>
              · {place.staleSeconds < 5 ? 'just now' : `${duration(place.staleSeconds)} ago`} (
              {new Date(place.at).toLocaleString()})
            </small>
          </p>
          <div ref={mapDiv} className="map" role="region" aria-label={`Map showing your car at ${coords}`} />
          {tilesFailed && (
            <p className="notice">The map tiles could not be loaded; the marker and the coordinates above are still right.</p>
          )}
          <p className="row">
            <a
              className="button"
              href={`https://www.openstreetmap.org/?mlat=${place.lat}&mlon=${place.lon}#map=17/${place.lat}/${place.lon}`}
            >
              Open in OpenStreetMap
            </a>
            <a className="button secondary" href={`geo:${place.lat},${place.lon}`}>
              Open in a maps app
            </a>
          </p>
        </>
      )}
    </section>
  );
}
