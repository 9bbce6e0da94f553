import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What an interaction page needs to know, in plain data. */
export interface InteractionView {
  uid: string;
  prompt: 'login' | 'consent' | string;
  clientId: string;
  /** Every scope the client asked for (the consent page lists them all). */
  scopes: string[];
  /** The car a head unit named at the device authorization request, if any. */
  vin: string | null;
  /** The account the provider session already knows, if any. */
  sessionAccountId: string | null;
  /** Where the client redirects at the end (its origin is allowed as a form target). */
  redirectUri: string | null;
  deviceFlow: boolean;
}

export function viewOf(details: Interaction): InteractionView {
  const p = details.params as Record<string, unknown>;
  return {
    uid: details.uid,
    prompt: details.prompt.name,
    clientId: String(p.client_id ?? ''),
    scopes: String(p.scope ?? '').split(' ').filter(Boolean),
    vin: typeof p.vin === 'string' ? p.vin : null,
    sessionAccountId: details.session?.accountId ?? null,
    redirectUri: typeof p.redirect_uri === 'string' ? p.redirect_uri : null,
    deviceFlow: Boolean(details.deviceCode),
  };
}

/** Grants what the consent prompt found missing (the owner approved the whole list) and names the grant. */
export async function consentResult(provider: Provider, details: Interaction, accountId: string): Promise<InteractionResults> {
  const d = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const clientId = String((details.params as Record<string, unknown>).client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  if (d.missingOIDCScope?.length) grant.addOIDCScope(d.missingOIDCScope.join(' '));
  if (d.missingOIDCClaims?.length) grant.addOIDCClaims(d.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(d.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return { consent: existing ? {} : { grantId } };
}
