import type { FastifyRequest } from 'fastify';
import { AppError } from '@marque/kernel';
import type { AccountsModule } from '@marque/accounts';
import type { PrivacyModule } from '@marque/privacy';
import { accountOf } from './auth';

/**
 * Connected services are used only under the current terms of use: a route behind this guard answers 403
 * `terms.not_accepted` until the account accepts the version in force for its market (a new version asks again).
 * Runs after an authentication preHandler.
 */
export function requireCurrentTerms(deps: { accounts: AccountsModule; privacy: PrivacyModule }) {
  return async (req: FastifyRequest): Promise<void> => {
    const { accountId, locale } = accountOf(req);
    const l = locale ?? (await deps.accounts.service.getProfile(accountId));
    const terms = await deps.privacy.service.termsStatus(accountId, { market: l.market, language: l.language });
    if (!terms.accepted) {
      throw new AppError('forbidden', `Accept the terms of use (version ${terms.currentVersion}) in the Data Privacy Portal to use connected services.`, {
        code: 'terms.not_accepted',
        currentVersion: terms.currentVersion,
      });
    }
  };
}
