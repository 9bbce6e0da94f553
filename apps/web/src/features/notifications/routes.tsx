import type { ReactNode } from 'react';
import { InboxPage } from './InboxPage';
import { PreferencesPage } from './PreferencesPage';

/** /app/inbox (the inbox) and /app/notifications (preferences and push); null otherwise. */
export function notificationsPage(path: string): ReactNode | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/app/inbox') return <InboxPage />;
  if (p === '/app/notifications') return <PreferencesPage />;
  return null;
}
