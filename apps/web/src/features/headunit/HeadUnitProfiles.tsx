import { useCallback, useEffect, useRef, useState } from 'react';
import { carApi, type HeadUnitProfile } from './headunit-api';

const REFRESH_MS = 5000;

/**
 * Setup → Profiles on the car's screen: everyone whose profile the head unit keeps. The signed-in driver may remove
 * their own; the registered owner holding the car may remove anyone's (the server decides and says why not).
 */
export function HeadUnitProfiles({
  vin,
  token,
  myProfileId,
  onSelfRemoved,
}: {
  vin: string;
  token: string;
  myProfileId: string;
  onSelfRemoved: () => void;
}) {
  const [profiles, setProfiles] = useState<HeadUnitProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The parent passes a new function on every render: kept in a ref so the refresh loop is not restarted by it.
  const selfRemoved = useRef(onSelfRemoved);
  selfRemoved.current = onSelfRemoved;
  const load = useCallback(async () => {
    try {
      const list = (await carApi<{ profiles: HeadUnitProfile[] }>(token, `/headunit/${vin}/profiles`)).profiles;
      // Removed from the phone (or made display-only by a handover): the car's session ended with it.
      if (!list.some((p) => p.id === myProfileId && p.active)) return selfRemoved.current();
      setProfiles(list);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [vin, token, myProfileId]);
  useEffect(() => {
    void load();
    // The screen follows changes made elsewhere (a profile removed in the app) without a restart.
    const every = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(every);
  }, [load]);

  async function remove(p: HeadUnitProfile) {
    setError(null);
    try {
      await carApi(token, `/headunit/${vin}/profiles/${p.id}`, 'DELETE');
      if (p.id === myProfileId) return onSelfRemoved();
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <section className="card headunit" aria-labelledby="hu-profiles">
      <h2 id="hu-profiles">User profiles on this car</h2>
      {profiles?.length === 0 && <p>No profiles.</p>}
      <ul className="plain" data-testid="headunit-profiles">
        {profiles?.map((p) => (
          <li key={p.id} className="row between">
            <span>
              <strong>{p.displayName}</strong> <small>since {new Date(p.signedInAt).toLocaleDateString()}</small>
              {p.id === myProfileId && <small> · you</small>}
              {!p.active && <small> · signed out (the car changed hands)</small>}
            </span>
            <button
              type="button"
              className="secondary"
              onClick={() => void remove(p)}
              aria-label={`Remove profile ${p.displayName}`}
            >
              Remove profile
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
