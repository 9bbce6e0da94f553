import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api';

export interface Me {
  id: string;
  email: string;
  name: string;
  market: string;
  language: 'en' | 'de';
  roles: string[];
  terms: { currentVersion: number | null; accepted: boolean; acceptedAt: string | null };
}

/** The signed-in account, or null when signed out (401). */
export function useMe() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setMe(await api<Me>('/me'));
    } catch (e) {
      if (e instanceof ApiError && e.problem.status === 401) setMe(null);
      else setError(e instanceof ApiError ? e.problem.detail : 'The server could not be reached.');
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { me, error, reload, setMe };
}
