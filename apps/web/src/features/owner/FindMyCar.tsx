import { useEffect, useRef, useState } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import markerIcon from 'leaflet/dist/images/marker-icon.png';
import markerIcon2x from 'leaflet/dist/images/marker-icon-2x.png';
import markerShadow from 'leaflet/dist/images/marker-shadow.png';
import type { GarageVehicleT, VehicleLocationT } from '@marque/contracts';
import { api, ApiError } from '../../lib/api';
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
type Precision = 'exact' | 'approximate';
type Here = { lat: number; lon: number } | 'denied' | 'unavailable' | 'asking' | null;

const PRECISION_KEY = 'marque.findMyCar.precision';
const PRIVACY_PORTAL = '/app/account#privacy';
const APPROX_RADIUS_M = 1000;

function storedPrecision(): Precision {
  try {
    return localStorage.getItem(PRECISION_KEY) === 'approximate' ? 'approximate' : 'exact';
  } catch {
    return 'exact';
  }
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 m", "1.2 km", "42 km". */
export function formatDistance(m: number): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} m`;
  return m < 10_000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m / 1000)} km`;
}

/** OpenStreetMap walking directions (foot profile), from the phone when known, else with the start left to fill in. */
function walkingUrl(to: { lat: number; lon: number }, from: { lat: number; lon: number } | null): string {
  const start = from ? `${from.lat.toFixed(5)},${from.lon.toFixed(5)}` : '';
  return `https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=${encodeURIComponent(`${start};${to.lat},${to.lon}`)}`;
}

/** /app/cars/{VIN}/find: where the car is (last parked place), on a map when tiles load and as coordinates always. */
export function FindMyCar({ car }: { car: GarageVehicleT }) {
  const [place, setPlace] = useState<Place | null | undefined>(undefined);
  const [tileUrl, setTileUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [withdrawn, setWithdrawn] = useState(false);
  const [precision, setPrecisionState] = useState<Precision>(storedPrecision);
  const [here, setHere] = useState<Here>(null);
  const mapDiv = useRef<HTMLDivElement>(null);

  function setPrecision(p: Precision) {
    setPrecisionState(p);
    try {
      localStorage.setItem(PRECISION_KEY, p);
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
  }

  function locatePhone() {
    if (!('geolocation' in navigator)) return setHere('unavailable');
    setHere('asking');
    navigator.geolocation.getCurrentPosition(
      (p) => setHere({ lat: p.coords.latitude, lon: p.coords.longitude }),
      (e) => setHere(e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  useEffect(() => {
    // Without a prompt: only when the browser already allows this site the phone's position.
    navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((s) => s.state === 'granted' && locatePhone())
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    api<{ purposes: Array<{ purpose: string; granted: boolean; since: string | null }> }>('/me/consents').then(
      (c) => {
        const p = c.purposes.find((x) => x.purpose === 'location_history');
        if (p && !p.granted && p.since !== null) setWithdrawn(true);
      },
      () => undefined, // the location request below reports problems
    );
    api<VehicleLocationT>(`/vehicles/${car.vin}/location`).then(
      (r) => setPlace(r.location),
      (e) => {
        if (isSignedOut(e)) return signInAgain();
        if (e instanceof ApiError && e.problem.code === 'consent.location_history') return setWithdrawn(true);
        setError(plainProblem(e));
      },
    );
    fetch('/web-config.json')
      .then((r) => r.json() as Promise<{ tileUrl: string }>)
      .then(
        (c) => setTileUrl(c.tileUrl),
        () => setTilesFailed(true),
      );
  }, [car.vin]);

  const approximate = precision === 'approximate';
  // Approximate: two decimals (about 1 km) everywhere the position is shown or linked.
  const shown = place
    ? approximate
      ? { lat: Math.round(place.lat * 100) / 100, lon: Math.round(place.lon * 100) / 100 }
      : { lat: place.lat, lon: place.lon }
    : null;
  const visible = withdrawn ? null : shown;

  useEffect(() => {
    if (!visible || !mapDiv.current) return;
    const map = L.map(mapDiv.current).setView([visible.lat, visible.lon], approximate ? 13 : 16);
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: '&copy; OpenStreetMap contributors' })
        .on('tileerror', () => setTilesFailed(true))
        .addTo(map);
    }
    if (approximate) {
      L.circle([visible.lat, visible.lon], { radius: APPROX_RADIUS_M, color: '#16324f', className: 'approx-area' }).addTo(map);
    } else {
      L.marker([visible.lat, visible.lon], { icon, title: carName(car), alt: carName(car) })
        .addTo(map)
        .bindPopup(`${carName(car)}<br>${new Date(place!.at).toLocaleString()}`);
    }
    return () => void map.remove();
  }, [visible?.lat, visible?.lon, approximate, tileUrl, car]);

  const coords = visible ? `${visible.lat.toFixed(approximate ? 2 : 5)}, ${visible.lon.toFixed(approximate ? 2 : 5)}` : '';
  const phone = here && typeof here === 'object' ? here : null;
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
      {withdrawn && (
        <div className="notice" data-testid="position-hidden">
          <p>
            <strong>The car’s position is hidden.</strong> You withdrew your consent to location history, so Marque does not show
            where your car is parked.
          </p>
          <p>
            You can give it again in the <a href={PRIVACY_PORTAL}>Data Privacy Portal</a>.
          </p>
        </div>
      )}
      {!withdrawn && place === undefined && !error && <p>Looking for your car…</p>}
      {!withdrawn && place === null && <p>Your car has not reported a position yet.</p>}
      {place && visible && (
        <>
          <p data-testid="car-position">
            {place.parked === false ? 'Driving, last seen at ' : 'Parked at '}
            {approximate ? 'about ' : ''}
            <strong>{coords}</strong>{' '}
            <small>
              · {place.staleSeconds < 5 ? 'just now' : `${duration(place.staleSeconds)} ago`} (
              {new Date(place.at).toLocaleString()})
            </small>
          </p>
          <div
            ref={mapDiv}
            className="map"
            role="region"
            aria-label={approximate ? `Map showing the area around ${coords}` : `Map showing your car at ${coords}`}
          />
          {tilesFailed && (
            <p className="notice">The map tiles could not be loaded; the marker and the coordinates above are still right.</p>
          )}
          <p className="row">
            <a
              className="button"
              href={`https://www.openstreetmap.org/?mlat=${visible.lat}&mlon=${visible.lon}#map=${approximate ? 14 : 17}/${visible.lat}/${visible.lon}`}
            >
              Open in OpenStreetMap
            </a>
            <a className="button secondary" href={`geo:${visible.lat},${visible.lon}`}>
              Open in a maps app
            </a>
            <a className="button secondary" href={walkingUrl(visible, phone)} data-testid="walking-directions">
              Walking directions{phone ? ' from here' : ''}
            </a>
          </p>
          <p data-testid="distance">
            {phone ? (
              <>
                About <strong>{formatDistance(distanceMetres(phone, visible))}</strong> from your phone
                {approximate ? ' (to the approximate area)' : ''}.
              </>
            ) : here === 'denied' ? (
              'Your browser does not allow this site your position, so the distance to the car is not shown. You can allow it in the browser’s site settings.'
            ) : here === 'unavailable' ? (
              'Your phone’s position is not available right now, so the distance to the car is not shown.'
            ) : here === 'asking' ? (
              'Finding your position…'
            ) : (
              <button type="button" className="secondary" onClick={locatePhone}>
                Show distance from me
              </button>
            )}
          </p>
          <fieldset className="precision">
            <legend>Position shown</legend>
            <label>
              <input type="radio" name="precision" checked={!approximate} onChange={() => setPrecision('exact')} /> Exact
            </label>{' '}
            <label>
              <input type="radio" name="precision" checked={approximate} onChange={() => setPrecision('approximate')} />{' '}
              Approximate (about 1 km)
            </label>
          </fieldset>
        </>
      )}
    </section>
  );
}
