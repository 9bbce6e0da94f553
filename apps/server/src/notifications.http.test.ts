import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomUUID } from 'node:crypto';
import type { PlatformEvent } from './event-bus';
import { testPlatform, signedInAccount, importVehicles, type TestPlatform } from './test-support';

let t: TestPlatform;
const VINS = ['SAUVL0AB6KA010000', 'SAULM1AB3LA010001', 'SAUSR2ABXMA010002', 'SAUTN3AB2NA010003', 'SAURL4AB3PA010004', 'SAUVL5AB6RA010005'];
const live: PlatformEvent[] = [];
let seq = 1;

before(async () => {
  t = await testPlatform();
  await importVehicles(t, ...VINS.map((vin, i) => ({ vin, device_secret: `a-long-device-secret-00${i}0`, delivery_date: '' })));
  t.modules.bus.subscribe((e) => live.push(e));
});
after(() => t.close());

const iso = (msAgo = 0) => new Date(t.clock.now().getTime() - msAgo).toISOString();
async function event(vin: string, type: string, data: Record<string, unknown> = {}, ts = iso()) {
  const id = randomUUID();
  assert.equal(await t.modules.telemetry.ingest.submit(vin, 'events', JSON.stringify({ id, type, ts, data })), 'stored');
  return id;
}
async function telemetry(vin: string, signals: Record<string, unknown>, ts = iso()) {
  const out = await t.modules.telemetry.ingest.submit(vin, 'telemetry', JSON.stringify({ seq: seq++, samples: [{ ts, signals }] }));
  assert.equal(out, 'stored');
}
/** One worker step: the next scan slot, then the deliveries it queued. */
async function work(ms = 15_000) {
  t.clock.advance(ms);
  await t.modules.jobs.service.tick(100);
  await t.modules.jobs.service.tick(100);
}
async function owner(email: string, vin: string | null, since = new Date(t.clock.now().getTime() - 3600_000)) {
  const a = await signedInAccount(t, email);
  if (vin) await t.modules.vehicles.access.startHolding(vin, a.id, since);
  const inbox = async (q = '') => (await a.call('GET', `/notifications${q}`)).json() as { items: Array<Record<string, unknown>>; unread: number; nextCursor: string | null };
  return { ...a, inbox };
}
const mails = (to: string) => t.mailbox.list(to);

test('warning light from dtc.set reaches the holder in-app (live) and by e-mail, with a deep link; flapping yields one per window', async () => {
  const vin = VINS[0]!;
  const alice = await owner('alice.notify@example.com', vin);
  await work();
  await event(vin, 'dtc.set', { code: 'P0420' });
  await event(vin, 'dtc.set', { code: 'P0171' });
  await work();
  let inbox = await alice.inbox();
  assert.equal(inbox.items.length, 1);
  const n = inbox.items[0]!;
  assert.equal(n.kind, 'vehicle.warning_light');
  assert.equal(n.link, `/app/cars/${vin}/maintenance`);
  assert.match(String(n.body), /P0420, P0171|P0171, P0420/);
  assert.equal(n.read, false);
  assert.equal(inbox.unread, 1);
  assert.ok(live.some((e) => e.type === 'notification.created' && e.accountId === alice.id && e.notification.id === n.id), 'pushed live');
  assert.equal(mails('alice.notify@example.com').length, 1, 'warning lights are e-mailed by default');
  assert.match(mails('alice.notify@example.com')[0]!.text ?? '', new RegExp(`http://marque.test/app/cars/${vin}/maintenance`));

  // The signal flaps for half an hour: cleared, set, cleared, set... one notice per window.
  for (let i = 0; i < 6; i++) {
    await event(vin, i % 2 ? 'dtc.cleared' : 'dtc.set', { code: 'P0420' });
    await work(5 * 60_000);
  }
  assert.equal((await alice.inbox()).items.length, 1, 'rate-limited within the window');
  await work(31 * 60_000);
  await event(vin, 'dtc.set', { code: 'P0420' });
  await work();
  inbox = await alice.inbox();
  assert.equal(inbox.items.length, 2, 'the next window lets one through');
  assert.equal(mails('alice.notify@example.com').length, 2);
});

test('attribution: data goes to whoever held the car at its time, never to the previous holder afterwards', async () => {
  const vin = VINS[1]!;
  const alice = await owner('alice.handover@example.com', vin);
  const handover = new Date(t.clock.now().getTime() - 30 * 60_000);
  const bob = await owner('bob.handover@example.com', vin, handover);
  // An alarm from before the handover, arriving late (store and forward), is Alice's; a new one is Bob's only.
  await event(vin, 'alarm', { reason: 'intrusion' }, iso(45 * 60_000));
  await work();
  await event(vin, 'alarm', { reason: 'tilt' });
  await work();
  const a = await alice.inbox();
  const b = await bob.inbox();
  assert.deepEqual(a.items.map((x) => x.kind), ['vehicle.alarm']);
  assert.match(String(a.items[0]!.body), /intrusion/);
  assert.deepEqual(b.items.map((x) => x.kind), ['vehicle.alarm']);
  assert.match(String(b.items[0]!.body), /tilt/);
  assert.equal(b.items[0]!.link, `/app/cars/${vin}`);
});

test('doors left unlocked after parking; locked or driven again: no notice', async () => {
  const [unlocked, locked] = [VINS[2]!, VINS[3]!];
  const carol = await owner('carol.doors@example.com', null);
  await t.modules.vehicles.access.startHolding(unlocked, carol.id, new Date(t.clock.now().getTime() - 3600_000));
  await t.modules.vehicles.access.startHolding(locked, carol.id, new Date(t.clock.now().getTime() - 3600_000));
  const doors = (v: boolean) => ({ 'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked': v, 'Vehicle.Cabin.Door.Row1.PassengerSide.IsLocked': v, 'Vehicle.Body.Trunk.Rear.IsLocked': true });
  await event(unlocked, 'ignition.off');
  await telemetry(unlocked, doors(false));
  await event(locked, 'ignition.off');
  await telemetry(locked, doors(true));
  await work();
  assert.equal((await carol.inbox()).items.length, 0, 'not before the grace time');
  await work(10 * 60_000);
  const inbox = await carol.inbox();
  assert.deepEqual(inbox.items.map((x) => [x.kind, x.vin]), [['vehicle.doors_unlocked', unlocked]]);

  // Parked unlocked, but driven away again before the check: nothing to say.
  await event(locked, 'ignition.off');
  await telemetry(locked, doors(false));
  await work();
  await event(locked, 'ignition.on');
  await work(10 * 60_000);
  assert.equal((await carol.inbox()).items.length, 1);
});

test('service due and charging notices from state and events; read state, mark read, paging', async () => {
  const vin = VINS[4]!;
  const dan = await owner('dan.service@example.com', vin);
  await telemetry(vin, { 'Vehicle.Service.IsServiceDue': true, 'Vehicle.Service.DistanceToService': -20 });
  await event(vin, 'charging.stopped', { reason: 'complete', socPct: 80 });
  await event(vin, 'charging.stopped', { reason: 'remote', socPct: 50 });
  await work();
  await event(vin, 'charging.stopped', { reason: 'ground_fault', socPct: 42 });
  await work(11 * 60_000);
  const inbox = await dan.inbox();
  assert.deepEqual(inbox.items.map((x) => x.kind).sort(), ['charging.finished', 'charging.interrupted', 'vehicle.service_due']);
  assert.equal(inbox.items.find((x) => x.kind === 'vehicle.service_due')!.link, `/app/cars/${vin}/maintenance`);
  // More telemetry with the service still due: the weekly window holds it back.
  await telemetry(vin, { 'Vehicle.Service.IsServiceDue': true });
  await work();
  assert.equal((await dan.inbox()).items.length, 3);

  const page1 = await dan.inbox('?limit=2');
  assert.equal(page1.unread, 3);
  assert.equal(page1.items.length, 2);
  const page2 = await dan.inbox(`?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`);
  assert.deepEqual([page2.items.length, page2.nextCursor], [1, null]);
  assert.equal(new Set([...page1.items, ...page2.items].map((x) => x.id)).size, 3, 'pages do not overlap');
  assert.equal((await dan.call('GET', '/notifications?limit=500')).statusCode, 400);
  const first = page1.items[0]!;
  assert.equal((await dan.call('POST', `/notifications/${first.id}/read`)).statusCode, 204);
  const after1 = await dan.inbox();
  assert.equal(after1.unread, 2);
  assert.equal(after1.items.find((x) => x.id === first.id)!.read, true);
  assert.equal((await dan.inbox('?unread=true')).items.length, 2);
  const someoneElse = await owner('eve.service@example.com', null);
  assert.equal((await someoneElse.call('POST', `/notifications/${first.id}/read`)).statusCode, 404, "another account's notice is unknown");
  assert.equal((await dan.call('POST', `/notifications/${randomUUID()}/read`)).statusCode, 404);
  assert.equal((await dan.call('POST', '/notifications/not-a-uuid/read')).statusCode, 400);
  assert.equal((await dan.call('GET', '/notifications?cursor=yesterday')).statusCode, 400);
  assert.deepEqual((await dan.call('POST', '/notifications/read')).json(), { marked: 2 });
  assert.equal((await dan.inbox()).unread, 0);
});

test('preferences per type and channel: defaults, changes enforced, bad names refused with the field', async () => {
  const vin = VINS[5]!;
  const fay = await owner('fay.prefs@example.com', vin);
  const prefs = (await fay.call('GET', '/me/notification-preferences')).json();
  const alarm = prefs.kinds.find((k: { kind: string }) => k.kind === 'vehicle.alarm');
  assert.deepEqual(alarm.channels, { in_app: true, email: true, push: true });
  const charging = prefs.kinds.find((k: { kind: string }) => k.kind === 'charging.finished');
  assert.deepEqual(charging.channels, { in_app: true, email: false, push: true });
  assert.equal(prefs.pushDevices, 0);

  for (const [body, field] of [
    [{ preferences: { 'vehicle.nonsense': { email: true } } }, 'preferences.vehicle.nonsense'],
    [{ preferences: { 'vehicle.alarm': { fax: true } } }, 'preferences.vehicle.alarm.fax'],
    [{ preferences: { 'vehicle.alarm': { email: 'yes' } } }, null],
    [{ preferences: [] }, null],
    [{}, null],
  ] as const) {
    const r = await fay.call('PUT', '/me/notification-preferences', body);
    assert.equal(r.statusCode, 400, JSON.stringify(body));
    assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    if (field) assert.equal(r.json().field, field);
  }
  const put = await fay.call('PUT', '/me/notification-preferences', { preferences: { 'vehicle.alarm': { email: false }, 'charging.finished': { in_app: false } } });
  assert.equal(put.statusCode, 200);
  assert.deepEqual(put.json().kinds.find((k: { kind: string }) => k.kind === 'vehicle.alarm').channels, { in_app: true, email: false, push: true });

  await event(vin, 'alarm');
  await event(vin, 'charging.stopped', { reason: 'complete' });
  await work();
  const inbox = await fay.inbox();
  assert.deepEqual(inbox.items.map((x) => x.kind), ['vehicle.alarm'], 'in-app off: not in the inbox');
  assert.equal(mails('fay.prefs@example.com').length, 0, 'e-mail off: no mail');
  assert.ok(!live.some((e) => e.type === 'notification.created' && e.accountId === fay.id && e.notification.kind === 'charging.finished'), 'in-app off: no live push');

  // German accounts get German texts.
  await t.modules.accounts.service.updateProfile(fay.id, { language: 'de' });
  await fay.call('PUT', '/me/notification-preferences', { preferences: { 'vehicle.alarm': { email: true } } });
  await work(11 * 60_000);
  await event(vin, 'alarm');
  await work();
  const de = mails('fay.prefs@example.com');
  assert.equal(de.length, 1);
  assert.match(de[0]!.subject ?? '', /^Alarm bei /);
  assert.match(de[0]!.text ?? '', /Hallo Tester/);
});

test('push subscriptions: validated, one account cannot remove another account\'s, VAPID key served', async () => {
  const gus = await owner('gus.push@example.com', null);
  const hal = await owner('hal.push@example.com', null);
  const key = (await t.app.inject({ method: 'GET', url: '/api/v1/push/vapid-key' })).json().publicKey as string;
  assert.equal(Buffer.from(key, 'base64url').length, 65);
  const ecdh = createECDH('prime256v1');
  const p256dh = ecdh.generateKeys().toString('base64url');
  const auth = Buffer.alloc(16, 3).toString('base64url');
  const ok = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc123', keys: { p256dh, auth } };
  for (const [body, field] of [
    [{ ...ok, endpoint: 'http://fcm.googleapis.com/fcm/send/abc' }, 'endpoint'],
    [{ ...ok, endpoint: 'https://10.0.0.5/push' }, 'endpoint'],
    [{ ...ok, endpoint: 'https://metadata.internal/push' }, 'endpoint'],
    [{ ...ok, endpoint: 'not a url at all' }, 'endpoint'],
    [{ ...ok, keys: { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 9)]).toString('base64url'), auth } }, 'keys.p256dh'],
    [{ ...ok, keys: { p256dh, auth: 'c2hvcnQ' } }, 'keys.auth'],
    [{ ...ok, keys: { p256dh: 'has spaces!', auth } }, 'keys.p256dh'],
  ] as const) {
    const r = await gus.call('POST', '/me/push-subscriptions', body);
    assert.equal(r.statusCode, 400, JSON.stringify(body));
    assert.equal(r.json().field, field);
  }
  const created = await gus.call('POST', '/me/push-subscriptions', ok);
  assert.equal(created.statusCode, 201);
  const id = created.json().id as string;
  assert.equal((await hal.call('DELETE', `/me/push-subscriptions/${id}`)).statusCode, 404);
  assert.equal((await hal.call('GET', '/me/push-subscriptions')).json().items.length, 0);
  assert.equal((await gus.call('GET', '/me/push-subscriptions')).json().items.length, 1);
  assert.equal((await gus.call('GET', '/me/notification-preferences')).json().pushDevices, 1);
  assert.equal((await gus.call('DELETE', `/me/push-subscriptions/${id}`)).statusCode, 204);
  assert.equal((await gus.call('DELETE', `/me/push-subscriptions/${id}`)).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me/push-subscriptions' })).statusCode, 401);

  // The service worker's pushsubscriptionchange: no session; the old subscription's auth secret is the proof.
  const registered = (await gus.call('POST', '/me/push-subscriptions', ok)).json() as { id: string };
  const renew = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions/renew', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const fresh = { endpoint: 'https://fcm.googleapis.com/fcm/send/renewed456', keys: { p256dh, auth } };
  const wrongSecret = await renew({ old: { endpoint: ok.endpoint, auth: Buffer.alloc(16, 7).toString('base64url') }, subscription: fresh });
  assert.equal(wrongSecret.statusCode, 404);
  assert.equal(wrongSecret.json().code, 'push.unknown');
  const unknown = await renew({ old: { endpoint: 'https://fcm.googleapis.com/fcm/send/nobody', auth }, subscription: fresh });
  assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'push.unknown']);
  const bad = await renew({ old: { endpoint: ok.endpoint, auth }, subscription: { ...fresh, endpoint: 'http://10.0.0.1/push' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().errors?.[0]?.field ?? bad.json().field, 'subscription.endpoint');
  assert.deepEqual((await gus.call('GET', '/me/push-subscriptions')).json().items.map((i: { endpoint: string }) => i.endpoint), [ok.endpoint]);
  const moved = await renew({ old: { endpoint: ok.endpoint, auth }, subscription: fresh });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.notEqual(moved.json().id, registered.id);
  assert.deepEqual((await gus.call('GET', '/me/push-subscriptions')).json().items.map((i: { endpoint: string }) => i.endpoint), [fresh.endpoint]);
  assert.equal((await hal.call('GET', '/me/push-subscriptions')).json().items.length, 0);
  // The old subscription is gone: it cannot be renewed again.
  assert.equal((await renew({ old: { endpoint: ok.endpoint, auth }, subscription: fresh })).statusCode, 404);
  assert.equal((await gus.call('DELETE', `/me/push-subscriptions/${moved.json().id as string}`)).statusCode, 204);

  // Per address, at most 10 renewals a minute: the 11th is a 429 problem with the time to wait.
  const from = (i: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/push/subscriptions/renew',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ old: { endpoint: `https://fcm.googleapis.com/fcm/send/none${i}`, auth }, subscription: fresh }),
      remoteAddress: '203.0.113.77',
    });
  for (let i = 0; i < 10; i++) assert.equal((await from(i)).statusCode, 404);
  const limited = await from(10);
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
});
