import { api } from '../../lib/api';

/** Why push cannot work in this browser, or null when it can. */
export function pushUnsupported(): string | null {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'This browser does not support push notifications.';
  }
  if (!navigator.serviceWorker.controller && !import.meta.env.PROD) return 'Push needs the installed app (production build).';
  return null;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration();
  return existing ?? navigator.serviceWorker.register('/sw.js');
}

/** This device's current push subscription, if any. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushUnsupported()) return null;
  return (await registration()).pushManager.getSubscription();
}

/** Asks for permission, subscribes with the platform's VAPID key and registers the subscription with the account. */
export async function enablePush(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('Notifications are blocked for this site; allow them in the browser settings.');
  const { publicKey } = await api<{ publicKey: string }>('/push/vapid-key');
  const reg = await registration();
  await navigator.serviceWorker.ready;
  const sub =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64Url(publicKey) }));
  const json = sub.toJSON();
  await api('/me/push-subscriptions', { method: 'POST', body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys }) });
}

/** Unsubscribes this device and removes it from the account. */
export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  const { items } = await api<{ items: Array<{ id: string; endpoint: string }> }>('/me/push-subscriptions');
  const mine = items.find((s) => s.endpoint === sub.endpoint);
  if (mine) await api(`/me/push-subscriptions/${mine.id}`, { method: 'DELETE' });
  await sub.unsubscribe();
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}
