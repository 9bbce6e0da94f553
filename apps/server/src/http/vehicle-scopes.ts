import type { FastifyRequest } from 'fastify';
import { AppError } from '@marque/kernel';
import type { ApiScope } from '@marque/oauth';
import type { Auth } from './auth';

const CONTROL: ApiScope[] = ['control_security', 'control_climate', 'control_charging'];

/** Which scope a remote command needs; null: only the owner's own sessions and first-party apps may send it. */
export function commandScope(name: string): ApiScope | null {
  if (/^(doors|lights|hazards)\./.test(name)) return 'control_security';
  if (name.startsWith('climate.')) return 'control_climate';
  if (name.startsWith('charging.')) return 'control_charging';
  if (name === 'status.refresh') return 'read_status';
  return null;
}

/** The scope(s) a vehicle route needs, any one of which suffices; null when third-party tokens are not welcome. */
function scopesFor(req: FastifyRequest): ApiScope[] | null {
  const route = `${req.method} ${req.routeOptions.url ?? ''}`;
  switch (route) {
    case 'GET /api/v1/vehicles/:vin/status':
      return ['read_status'];
    case 'GET /api/v1/vehicles/:vin/location':
      return ['read_location'];
    case 'GET /api/v1/vehicles/:vin/trips':
    case 'GET /api/v1/vehicles/:vin/trips/:id':
      return ['read_trips'];
    case 'POST /api/v1/vehicles/:vin/commands': {
      const scope = commandScope(String((req.body as { name?: unknown } | undefined)?.name ?? ''));
      return scope ? [scope] : null;
    }
    case 'GET /api/v1/vehicles/:vin/commands/:id':
      return CONTROL;
    default:
      return null;
  }
}

/**
 * The preHandler of the vehicle routes: cookie sessions pass as before; a bearer token passes only with a
 * scope the owner granted for that route (403 problem otherwise); unmapped routes stay first-party only.
 */
export function vehicleScopeGuard(auth: Auth) {
  const signedInAnyScope = auth.requireScope();
  return async (req: FastifyRequest): Promise<void> => {
    const scopes = scopesFor(req);
    if (!scopes) return auth.requireAccount(req);
    await signedInAnyScope(req);
    const token = req.account?.token;
    if (token && !scopes.some((s) => token.scopes.includes(s))) {
      throw new AppError('forbidden', `The access token lacks the scope ${scopes.join(' or ')}.`, { code: 'auth.scope', scopes });
    }
  };
}
