import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';
import { plainProblem } from '../owner/problems';

interface Profile {
  id: string;
  displayName: string;
  signedInAt: string;
  active: boolean;
}

/** "Profile on the head unit: yes/no — remove": whether this account's profile is still kept by the car's screen. */
export function useHeadUnitProfile(vin: string) {
  const [profile, setProfile] = useState<Profile | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ profile: Profile | null }>(`/vehicles/${vin}/headunit-profile`).then(
      (r) => setProfile(r.profile),
      (e) => setError(plainProblem(e)),
    );
  }, [vin]);
  useEffect(load, [load]);
  async function remove() {
    setError(null);
    try {
      await api(`/vehicles/${vin}/headunit-profile`, { method: 'DELETE' });
      setProfile(null);
    } catch (e) {
      setError(plainProblem(e));
    }
  }
  return { profile, error, remove };
}

export function HeadUnitProfileStatus({ vin }: { vin: string }) {
  const { profile, error, remove } = useHeadUnitProfile(vin);
  if (profile === undefined && !error) return null;
  return (
    <p className="row" data-testid={`headunit-profile-${vin}`} data-present={profile ? 'yes' : 'no'}>
      <span>
        Profile on the head unit: <strong>{profile ? 'yes' : 'no'}</strong>
        {profile && !profile.active && <small> (signed out when the car changed hands)</small>}
      </span>
      {profile && (
        <button type="button" className="secondary" onClick={() => void remove()}>
          Remove it from the car
        </button>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </p>
  );
}
