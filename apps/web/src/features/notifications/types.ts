export interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  vin: string | null;
  link: string;
  read: boolean;
  createdAt: string;
}

export interface Preferences {
  kinds: Array<{ kind: string; channels: Record<Channel, boolean> }>;
  channels: Channel[];
  pushDevices: number;
}

export type Channel = 'in_app' | 'email' | 'push';

export const KIND_LABELS: Record<string, string> = {
  'vehicle.warning_light': 'Warning lights',
  'vehicle.service_due': 'Service due',
  'vehicle.doors_unlocked': 'Doors left unlocked',
  'vehicle.alarm': 'Alarm',
  'charging.finished': 'Charging finished',
  'charging.interrupted': 'Charging interrupted',
  'subscription.expiring': 'Subscriptions ending',
  'vehicle.activated': 'Activation',
  'vehicle.handed_over': 'Connected services moved to another account',
  'vehicle.ownership_recorded': 'Ownership changes recorded by a retailer',
};

export const CHANNEL_LABELS: Record<Channel, string> = { in_app: 'In the app', email: 'E-mail', push: 'Push' };

/** Only app paths are followed: a notice never sends the browser elsewhere. */
export const safeLink = (link: string) => (/^\/app(\/[\w./-]*)?$/.test(link) ? link : '/app/inbox');
