import type { Logger } from '@marque/kernel';
import type { JobsService } from '@marque/jobs';
import type { AccountsModule, SendMail } from '@marque/accounts';
import type { PrivacyModule } from '@marque/privacy';
import type { OAuthModule } from '@marque/oauth';
import type { CommandsModule } from '@marque/commands';
import type { VehiclesModule } from '@marque/vehicles';
import type { SubscriptionsModule } from '@marque/subscriptions';
import type { NotificationsModule } from '@marque/notifications';

export const EXPORT_JOB = 'privacy.export';

/** The queue call privacy makes when an owner asks for an export; the key makes a retried request harmless. */
export const enqueueExport = (jobs: JobsService) => async (exportId: string) => {
  await jobs.enqueue(EXPORT_JOB, { exportId }, { key: exportId, maxAttempts: 3 });
};

/**
 * GDPR art. 15/20: every module holding personal data registers an exporter; the worker builds the zip and
 * the owner is told by e-mail when it is ready.
 */
export function wireDataExports(deps: {
  jobs: JobsService;
  accounts: AccountsModule;
  privacy: PrivacyModule;
  oauth: OAuthModule;
  commands: CommandsModule;
  vehicles: VehiclesModule;
  subscriptions: SubscriptionsModule;
  notifications: NotificationsModule;
  sendMail: SendMail | undefined;
  appUrl: () => string;
  log: Logger;
}) {
  const { privacy, accounts } = deps;
  privacy.exports.register({
    name: 'account',
    description: 'Your profile (e-mail, name, market, language, roles) and your signed-in devices.',
    export: async (accountId) => ({
      profile: await accounts.service.getProfile(accountId),
      sessions: await accounts.sessions.list(accountId, null),
    }),
  });
  privacy.exports.register({
    name: 'connected-apps',
    description: 'The third-party apps and head units you allowed to use your account, with their scopes.',
    export: (accountId) => deps.oauth.service.listApps(accountId),
  });
  privacy.exports.register({
    name: 'remote-commands',
    description: 'The remote commands you sent to your cars and their audit trail.',
    export: (accountId) => deps.commands.exportFor(accountId),
  });
  privacy.exports.register({
    name: 'garage',
    description: 'The cars in your garage, when you held their connected services, your proof-of-access attempts, your profiles on cars’ head units and the sales you announced.',
    export: (accountId) => deps.vehicles.exportFor(accountId),
  });
  privacy.exports.register({
    name: 'subscriptions',
    description: 'Your connected-services package choices per car and the expiry reminders you were sent.',
    export: (accountId) => deps.subscriptions.exportFor(accountId),
  });
  privacy.exports.register({
    name: 'notifications',
    description: 'Every message in your inbox.',
    export: (accountId) => deps.notifications.exportFor(accountId),
  });
  accounts.erasure.register(deps.commands.eraser);

  deps.jobs.register(EXPORT_JOB, async (payload) => {
    const exportId = (payload as { exportId?: unknown }).exportId;
    if (typeof exportId !== 'string') return { status: 'done', result: { skipped: 'no export id' } };
    const built = await privacy.exports.build(exportId);
    if (!built) return { status: 'done', result: { skipped: 'already built or gone' } };
    await notifyReady(deps, built.accountId).catch((e: unknown) =>
      deps.log.warn({ err: { message: (e as Error).message } }, 'export notice not sent'),
    );
    return { status: 'done', result: { files: built.files, sizeBytes: built.sizeBytes } };
  });
  deps.jobs.register('privacy.export-purge', async () => ({ status: 'done', result: { deleted: await privacy.exports.deleteExpired() } }));
  deps.jobs.schedule({ name: 'privacy.export-purge', everyMs: 3_600_000 });
}

async function notifyReady(deps: { accounts: AccountsModule; sendMail: SendMail | undefined; appUrl: () => string }, accountId: string) {
  if (!deps.sendMail) return;
  const p = await deps.accounts.service.getProfile(accountId);
  const link = `${deps.appUrl()}/app/account/privacy`;
  const de = p.language === 'de';
  const subject = de ? 'Ihr Datenexport ist bereit' : 'Your data export is ready';
  const text = de
    ? `Hallo ${p.name},\n\nIhr Datenexport ist bereit und sieben Tage lang hier herunterladbar:\n${link}\n`
    : `Hello ${p.name},\n\nyour data export is ready and can be downloaded for seven days here:\n${link}\n`;
  const html = `<p>${de ? 'Hallo' : 'Hello'} ${escapeHtml(p.name)},</p><p>${de ? 'Ihr Datenexport ist bereit:' : 'your data export is ready:'} <a href="${link}">${link}</a></p>`;
  await deps.sendMail({ to: p.email, subject, text, html });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
