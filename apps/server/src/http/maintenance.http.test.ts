import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { legalSeed } from '@marque/privacy';
import { testPlatform, signedInAccount, importVehicles, TEST_PASSWORD, type TestPlatform } from '../test-support';

let t: TestPlatform;
const VIN = 'SAUVL0AB6KA010000';
const OTHER = 'SAULM1AB3LA010001';
let seq = 1;

before(async () => {
  t = await testPlatform();
  await importVehicles(
    t,
    {
      vin: VIN,
      model: 'Vela',
      model_year: 2019,
      powertrain: 'PHEV',
      head_unit: 'mm21',
      smart_connect: 'yes',
      delivery_date: '2025-09-01',
      device_secret: 'a-long-device-secret-0001',
    },
    {
      vin: OTHER,
      model: 'Lumen',
      model_year: 2020,
      powertrain: 'BEV',
      head_unit: 'mm21',
      smart_connect: 'yes',
      delivery_date: '2024-05-20',
      device_secret: 'a-long-device-secret-0002',
    },
  );
});
after(() => t.close());

type Call = Awaited<ReturnType<typeof signedInAccount>>['call'];
const days = (n: number) => new Date(t.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);

async function signals(vin: string, s: Record<string, unknown>, agoMs = 0) {
  const ts = new Date(t.clock.now().getTime() - agoMs).toISOString();
  const out = await t.modules.telemetry.ingest.submit(
    vin,
    'telemetry',
    JSON.stringify({ seq: seq++, samples: [{ ts, signals: s }] }),
  );
  assert.equal(out, 'stored');
}
async function event(vin: string, type: string, data: Record<string, unknown> = {}) {
  await t.modules.telemetry.ingest.submit(
    vin,
    'events',
    JSON.stringify({ id: randomUUID(), type, ts: t.clock.now().toISOString(), data }),
  );
}
/** Takes over the car's services with a head-unit code, as a buyer in the car does. */
async function activate(call: Call, vin = VIN) {
  const c = await t.modules.vehicles.activation.issueCode(vin);
  const r = await call('POST', `/vehicles/${vin}/activation`, { method: 'code', code: c.code });
  assert.equal(r.statusCode, 200, r.body);
}
function problem(
  r: { statusCode: number; json(): { code?: string; field?: string } },
  status: number,
  code?: string,
  field?: string,
) {
  assert.equal(r.statusCode, status, JSON.stringify(r.json()));
  if (code) assert.equal(r.json().code, code);
  if (field) assert.equal(r.json().field, field);
}

test('the holder sees the service due from the car’s signals, warnings with advice, and the interval when signals are missing', async () => {
  const owner = await signedInAccount(t, 'm-owner1@example.com');
  await activate(owner.call);
  t.clock.advance(1000);
  // No service signals yet: the PHEV interval (15 000 km / 12 months) from delivery.
  await signals(VIN, { 'Vehicle.TraveledDistance': 9_000_000 });
  let m = (await owner.call('GET', `/vehicles/${VIN}/maintenance`)).json();
  assert.equal(m.due.source, 'interval');
  assert.equal(m.due.basis.kind, 'delivery');
  assert.equal(m.due.dueDate, '2026-09-01');
  assert.equal(m.due.distanceKm, 6_000);
  assert.deepEqual(m.warnings, []);

  await signals(VIN, {
    'Vehicle.Service.DistanceToService': 2_500,
    'Vehicle.Service.TimeToService': 40 * 86_400,
    'Vehicle.Service.IsServiceDue': false,
    'Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure': 150,
    'Vehicle.LowVoltageBattery.CurrentVoltage': 11.9,
  });
  await event(VIN, 'dtc.set', { code: 'P0420' });
  await event(VIN, 'dtc.set', { code: 'Z9999' });
  m = (await owner.call('GET', `/vehicles/${VIN}/maintenance`)).json();
  assert.equal(m.due.source, 'vehicle');
  assert.equal(m.due.distanceKm, 2_500);
  assert.equal(m.due.days, 40);
  assert.deepEqual(
    m.warnings.map((w: { code: string }) => w.code).sort(),
    ['P0420', 'Z9999', 'battery12v.weak', 'tyre.pressure_low'].sort(),
  );
  const tyre = m.warnings.find((w: { code: string }) => w.code === 'tyre.pressure_low');
  assert.match(tyre.title, /front left/);
  assert.match(tyre.whatToDo, /inflate/);
  assert.equal(m.warnings.find((w: { code: string }) => w.code === 'Z9999').known, false);

  t.clock.advance(1000);
  await event(VIN, 'dtc.cleared', { code: 'Z9999' });
  m = (await owner.call('GET', `/vehicles/${VIN}/maintenance`)).json();
  assert.ok(!m.warnings.some((w: { code: string }) => w.code === 'Z9999'), 'a cleared code is gone');
});

test('German accounts read the advice in German', async () => {
  const owner = await signedInAccount(t, 'm-owner-de@example.com', { market: 'DE' });
  await t.modules.accounts.service.updateProfile(owner.id, { language: 'de' });
  await activate(owner.call, OTHER);
  await event(OTHER, 'dtc.set', { code: 'C0035' });
  const res = await owner.call('GET', `/vehicles/${OTHER}/maintenance`);
  assert.equal(res.statusCode, 200, res.body);
  const m = res.json();
  assert.equal(m.language, 'de');
  assert.match(m.warnings[0].whatToDo, /Stabilitätskontrolle/);
});

test('booking a service: validation, one open request at a time, a retailer confirms, the owner sees it', async () => {
  const owner = await signedInAccount(t, 'm-owner2@example.com');
  await activate(owner.call);
  t.clock.advance(1000);
  await signals(VIN, { 'Vehicle.TraveledDistance': 9_500_000 });
  await event(VIN, 'dtc.set', { code: 'P0300' });
  const book = (body: object) => owner.call('POST', `/vehicles/${VIN}/service-requests`, body);

  problem(await book({}), 400, undefined, 'preferredDates');
  problem(await book({ preferredDates: [] }), 400, undefined, 'preferredDates');
  problem(await book({ preferredDates: ['2026-13-01'] }), 400);
  problem(await book({ preferredDates: ['2026-02-30'] }), 400);
  problem(await book({ preferredDates: [days(-1)] }), 400, 'maintenance.date_past', 'preferredDates/0');
  problem(await book({ preferredDates: [days(5), days(200)] }), 400, 'maintenance.date_far', 'preferredDates/1');
  problem(await book({ preferredDates: [days(5), days(5)] }), 400, 'maintenance.dates_repeat', 'preferredDates');
  problem(await book({ preferredDates: [days(1), days(2), days(3), days(4)] }), 400, undefined, 'preferredDates');
  problem(await book({ preferredDates: [days(5)], note: 'x'.repeat(1001) }), 400, undefined, 'note');
  problem(await book({ preferredDates: [days(5)], extra: 1 }), 400);

  const created = await book({ preferredDates: [days(9), days(7)], note: '  Brakes squeak too.  ' });
  assert.equal(created.statusCode, 201, created.body);
  const req = created.json();
  assert.equal(req.status, 'open');
  assert.deepEqual(req.preferredDates, [days(7), days(9)]);
  assert.equal(req.note, 'Brakes squeak too.');
  assert.equal(req.mileageKm, 9_500);
  assert.deepEqual(
    req.warnings.map((w: { code: string }) => w.code),
    ['P0300'],
  );
  problem(await book({ preferredDates: [days(3)] }), 409, 'maintenance.request_open');

  const retailer = await signedInAccount(t, 'm-dealer@example.com', { roles: ['retailer'] });
  const open = (await retailer.call('GET', '/retailer/service-requests')).json().items;
  const mine = open.find((r: { id: string }) => r.id === req.id);
  assert.equal(mine.customer.email, 'm-owner2@example.com');
  assert.equal(mine.car.model, 'Vela');

  const confirm = (id: string, body: object) => retailer.call('POST', `/retailer/service-requests/${id}/confirm`, body);
  problem(await confirm(req.id, { date: days(-2) }), 400, 'maintenance.date_past', 'date');
  problem(await confirm(req.id, {}), 400, undefined, 'date');
  problem(await confirm('not-a-uuid', { date: days(7) }), 400, undefined, 'id');
  problem(await confirm(randomUUID(), { date: days(7) }), 404, 'maintenance.request_unknown');
  const ok = await confirm(req.id, { date: days(7), message: 'See you at 9:00.' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().status, 'confirmed');
  problem(await confirm(req.id, { date: days(8) }), 409, 'maintenance.request_decided');
  problem(
    await retailer.call('POST', `/retailer/service-requests/${req.id}/decline`, { message: 'no' }),
    409,
    'maintenance.request_decided',
  );

  const seen = (await owner.call('GET', `/vehicles/${VIN}/maintenance`)).json().requests[0];
  assert.equal(seen.status, 'confirmed');
  assert.equal(seen.confirmedDate, days(7));
  assert.equal(seen.message, 'See you at 9:00.');
  assert.equal(seen.retailerName, 'Tester');

  // Decided: a new request may be sent; a decline needs a message.
  const second = (await book({ preferredDates: [days(20)] })).json();
  problem(await retailer.call('POST', `/retailer/service-requests/${second.id}/decline`, {}), 400, undefined, 'message');
  problem(
    await retailer.call('POST', `/retailer/service-requests/${second.id}/decline`, { message: '   ' }),
    400,
    'maintenance.text_empty',
    'message',
  );
  const declined = await retailer.call('POST', `/retailer/service-requests/${second.id}/decline`, {
    message: 'Fully booked that week.',
  });
  assert.equal(declined.json().status, 'declined');
  const decided = (await retailer.call('GET', '/retailer/service-requests?status=decided'))
    .json()
    .items.map((r: { id: string }) => r.id);
  assert.deepEqual(decided.sort(), [req.id, second.id].sort());
  problem(await retailer.call('GET', '/retailer/service-requests?status=bogus'), 400, undefined, 'status');
});

test('refusals: signed out, not the holder, customers in the retailer console, Standard Services cancelled', async () => {
  const owner = await signedInAccount(t, 'm-owner3@example.com');
  const stranger = await signedInAccount(t, 'm-stranger@example.com');
  await activate(owner.call);
  assert.equal((await t.app.inject(`/api/v1/vehicles/${VIN}/maintenance`)).statusCode, 401);
  assert.equal((await t.app.inject('/api/v1/retailer/service-requests')).statusCode, 401);
  problem(await stranger.call('GET', `/vehicles/${VIN}/maintenance`), 403, 'vehicle.not_holder');
  problem(
    await stranger.call('POST', `/vehicles/${VIN}/service-requests`, { preferredDates: [days(3)] }),
    403,
    'vehicle.not_holder',
  );
  problem(await owner.call('GET', '/vehicles/NOT-A-VIN/maintenance'), 400, undefined, 'vin');
  problem(await owner.call('GET', `/vehicles/SAUVL0AB0KA019999/maintenance`), 404);

  for (const [method, url, body] of [
    ['GET', '/retailer/service-requests', undefined],
    ['POST', `/retailer/service-requests/${randomUUID()}/confirm`, { date: days(3) }],
    ['POST', `/retailer/service-requests/${randomUUID()}/decline`, { message: 'no' }],
    ['POST', `/retailer/vehicles/${VIN}/service-records`, { servicedOn: days(0), odometerKm: 1, work: 'Oil' }],
    ['GET', `/retailer/vehicles/${VIN}/service-records`, undefined],
  ] as const) {
    problem(await owner.call(method, url, body), 403, 'auth.role');
  }

  assert.equal((await owner.call('POST', `/vehicles/${VIN}/services/standard/cancel`)).statusCode, 200);
  problem(await owner.call('GET', `/vehicles/${VIN}/maintenance`), 403, 'services.inactive');
  problem(await owner.call('POST', `/vehicles/${VIN}/service-requests`, { preferredDates: [days(3)] }), 403, 'services.inactive');
});

test('service records: appended, validated, corrected only by their author, seen by every holder; handover keeps requests private', async () => {
  const dealer = await signedInAccount(t, 'm-dealer-a@example.com', { roles: ['retailer'] });
  const rival = await signedInAccount(t, 'm-dealer-b@example.com', { roles: ['retailer'] });
  const seller = await signedInAccount(t, 'm-seller@example.com');
  const buyer = await signedInAccount(t, 'm-buyer@example.com');
  const record = (who: Call, body: object, vin = VIN) => who('POST', `/retailer/vehicles/${vin}/service-records`, body);

  problem(
    await record(dealer.call, { servicedOn: days(1), odometerKm: 9_000, work: 'Oil' }),
    400,
    'maintenance.date_future',
    'servicedOn',
  );
  problem(await record(dealer.call, { servicedOn: days(0), odometerKm: -1, work: 'Oil' }), 400, undefined, 'odometerKm');
  problem(await record(dealer.call, { servicedOn: days(0), odometerKm: 1.5, work: 'Oil' }), 400, undefined, 'odometerKm');
  problem(await record(dealer.call, { servicedOn: days(0), odometerKm: 9_000, work: '' }), 400, undefined, 'work');
  problem(await record(dealer.call, { servicedOn: days(0), odometerKm: 9_000, work: 'Oil' }, 'SAUVL0AB0KA019999'), 404);
  problem(
    await record(dealer.call, { servicedOn: days(0), odometerKm: 9_000, work: 'Oil', corrects: randomUUID() }),
    400,
    'maintenance.corrects_unknown',
    'corrects',
  );

  const first = await record(dealer.call, { servicedOn: days(-10), odometerKm: 9_100, work: 'Annual service, oil and filters' });
  assert.equal(first.statusCode, 201, first.body);
  const id = first.json().id;
  problem(
    await record(rival.call, { servicedOn: days(-10), odometerKm: 9_200, work: 'Changed', corrects: id }),
    403,
    'maintenance.not_your_record',
  );
  const fix = await record(dealer.call, {
    servicedOn: days(-10),
    odometerKm: 9_150,
    work: 'Annual service, oil and filters',
    corrects: id,
  });
  assert.equal(fix.statusCode, 201);
  problem(
    await record(dealer.call, { servicedOn: days(-10), odometerKm: 9_160, work: 'Again', corrects: id }),
    409,
    'maintenance.already_corrected',
  );
  problem(
    await record(dealer.call, { servicedOn: days(-10), odometerKm: 9_150, work: 'Oil', corrects: id }, OTHER),
    400,
    'maintenance.corrects_unknown',
  );
  // Two corrections of one record at once: exactly one lands.
  const twice = (await record(dealer.call, { servicedOn: days(-40), odometerKm: 8_300, work: 'Wipers' })).json().id;
  const race = await Promise.all(
    ['Wiper blades', 'Wiper blades and washer fluid'].map((work) =>
      record(dealer.call, { servicedOn: days(-40), odometerKm: 8_300, work, corrects: twice }),
    ),
  );
  assert.deepEqual(race.map((r) => r.statusCode).sort(), [201, 409]);
  assert.equal(race.find((r) => r.statusCode === 409)!.json().code, 'maintenance.already_corrected');
  const book = (await dealer.call('GET', `/retailer/vehicles/${VIN}/service-records`)).json().records;
  const original = book.find((r: { id: string }) => r.id === id);
  assert.equal(original.odometerKm, 9_100, 'the original stays as written');
  assert.equal(original.correctedBy, fix.json().id);

  // The seller holds the car, books a service; then the buyer takes over in the car.
  await activate(seller.call);
  const sellerReq = (
    await seller.call('POST', `/vehicles/${VIN}/service-requests`, { preferredDates: [days(4)], note: 'Seller’s private note' })
  ).json();
  const sellerView = (await seller.call('GET', `/vehicles/${VIN}/maintenance`)).json();
  assert.equal(sellerView.due.source, 'interval', 'no service signals since the seller took over');
  assert.deepEqual(
    sellerView.due.basis,
    { kind: 'last_service', date: days(-10), odometerKm: 9_150 },
    'the corrected record counts',
  );
  t.clock.advance(60_000);
  await activate(buyer.call);

  problem(await seller.call('GET', `/vehicles/${VIN}/maintenance`), 403, 'vehicle.not_holder');
  problem(
    await seller.call('POST', `/vehicles/${VIN}/service-requests`, { preferredDates: [days(4)] }),
    403,
    'vehicle.not_holder',
  );
  const buyerView = await buyer.call('GET', `/vehicles/${VIN}/maintenance`);
  assert.equal(buyerView.statusCode, 200);
  assert.deepEqual(buyerView.json().requests, [], 'the seller’s booking requests do not cross over');
  assert.ok(!buyerView.body.includes('Seller’s private note'));
  assert.ok(
    buyerView.json().history.some((r: { id: string }) => r.id === fix.json().id),
    'the service book belongs to the car',
  );
  // The seller's open request was withdrawn at the handover: retailers no longer see it as open.
  const open = (await dealer.call('GET', '/retailer/service-requests')).json().items.map((r: { id: string }) => r.id);
  assert.ok(!open.includes(sellerReq.id));
  problem(
    await dealer.call('POST', `/retailer/service-requests/${sellerReq.id}/confirm`, { date: days(4) }),
    404,
    'maintenance.request_unknown',
  );
});

test('booking requests are in the data export and erased with the account; the service book stays', async () => {
  const owner = await signedInAccount(t, 'm-erase@example.com');
  await activate(owner.call, OTHER);
  const r = (
    await owner.call('POST', `/vehicles/${OTHER}/service-requests`, { preferredDates: [days(6)], note: 'Export me' })
  ).json();
  const exported = await t.modules.maintenance.exportFor(owner.id);
  assert.deepEqual(
    exported.serviceRequests.map((x) => x.id),
    [r.id],
  );
  const dealer = await signedInAccount(t, 'm-dealer-erase@example.com', { roles: ['retailer'] });
  const rec = (
    await dealer.call('POST', `/retailer/vehicles/${OTHER}/service-records`, {
      servicedOn: days(0),
      odometerKm: 1_000,
      work: 'Tyres',
    })
  ).json();

  assert.equal((await owner.call('DELETE', '/me', { password: TEST_PASSWORD, confirm: 'DELETE' })).statusCode, 200);
  assert.equal((await dealer.call('DELETE', '/me', { password: TEST_PASSWORD, confirm: 'DELETE' })).statusCode, 200);
  assert.deepEqual((await t.modules.maintenance.exportFor(owner.id)).serviceRequests, []);
  const other = await signedInAccount(t, 'm-dealer-c@example.com', { roles: ['retailer'] });
  assert.ok(
    !(await other.call('GET', '/retailer/service-requests?status=all')).json().items.some((x: { id: string }) => x.id === r.id),
  );
  const book = (await other.call('GET', `/retailer/vehicles/${OTHER}/service-records`)).json().records;
  const kept = book.find((x: { id: string }) => x.id === rec.id);
  assert.equal(kept.retailerName, 'Retailer (account deleted)');
  assert.equal(kept.work, 'Tyres');
});

test('the current terms of use gate maintenance like every vehicle route', async () => {
  const owner = await signedInAccount(t, 'm-terms@example.com');
  await activate(owner.call, OTHER);
  assert.equal((await owner.call('GET', `/vehicles/${OTHER}/maintenance`)).statusCode, 200);
  for (const d of legalSeed()) await t.modules.privacy.service.publish(d);
  problem(await owner.call('GET', `/vehicles/${OTHER}/maintenance`), 403, 'terms.not_accepted');
  problem(
    await owner.call('POST', `/vehicles/${OTHER}/service-requests`, { preferredDates: [days(3)] }),
    403,
    'terms.not_accepted',
  );
  await owner.call('POST', '/me/terms/accept', { version: 1 });
  assert.equal((await owner.call('GET', `/vehicles/${OTHER}/maintenance`)).statusCode, 200);
});
