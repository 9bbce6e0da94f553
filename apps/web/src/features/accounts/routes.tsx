import type { ReactNode } from 'react';
import { AccountPage } from './AccountPage';
import { ActivatePage, ForgotPasswordPage, ResetPasswordPage } from './TokenPages';
import { MailboxPage } from './Mailbox';
import { LegalPage } from '../privacy/LegalPage';

/** The account and privacy pages by path; null when the path is not one of them. */
export function accountPage(path: string): ReactNode | null {
  switch (path.replace(/\/+$/, '')) {
    case '/app/account':
      return <AccountPage />;
    case '/app/activate':
      return <ActivatePage />;
    case '/app/forgot-password':
      return <ForgotPasswordPage />;
    case '/app/reset-password':
      return <ResetPasswordPage />;
    case '/app/legal/terms':
      return <LegalPage kind="terms" />;
    case '/app/legal/privacy':
      return <LegalPage kind="privacy" />;
    case '/mail':
      return <MailboxPage />;
    default:
      return null;
  }
}
