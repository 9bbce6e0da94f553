import type { Kind } from './notification-kinds';

export type Language = 'en' | 'de';
export type Params = Record<string, string | number | boolean | string[] | null | undefined>;
type Text = { title: string; body: string };

const s = (v: unknown) => (v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

const en: Record<Kind, (p: Params) => Text> = {
  'vehicle.warning_light': (p) => ({
    title: `Warning light on ${s(p.vin)}`,
    body: `Your car ${s(p.vin)} reported ${p.tyres ? 'low tyre pressure' : p.volts ? `a low 12 V battery (${s(p.volts)} V)` : `fault code ${s(p.codes)}`}. See the maintenance page for what it means and what to do.`,
  }),
  'vehicle.service_due': (p) => ({
    title: p.overdue ? `Service due for ${s(p.vin)}` : `Service soon for ${s(p.vin)}`,
    body: p.overdue
      ? `Your car ${s(p.vin)} is due for its service. Please book an appointment with your retailer.`
      : `Your car ${s(p.vin)} needs its service in ${p.km !== undefined ? `${s(p.km)} km` : `${s(p.days)} days`}. Book an appointment with your retailer in good time.`,
  }),
  'vehicle.doors_unlocked': (p) => ({
    title: `${s(p.vin)} is parked unlocked`,
    body: `Your car ${s(p.vin)} was switched off ${s(p.minutes)} minutes ago and is still unlocked. You can lock it from the app.`,
  }),
  'vehicle.alarm': (p) => ({
    title: `Alarm on ${s(p.vin)}`,
    body: `The anti-theft alarm of your car ${s(p.vin)} went off${p.reason ? ` (${s(p.reason)})` : ''}. Check on your car.`,
  }),
  'charging.finished': (p) => ({
    title: `Charging finished: ${s(p.vin)}`,
    body: `Your car ${s(p.vin)} finished charging${p.socPct !== undefined ? ` at ${s(p.socPct)} %` : ''}.`,
  }),
  'charging.interrupted': (p) => ({
    title: `Charging interrupted: ${s(p.vin)}`,
    body: `Charging of your car ${s(p.vin)} stopped before it was full${p.socPct !== undefined ? ` (at ${s(p.socPct)} %)` : ''}${p.reason ? `: ${s(p.reason)}` : ''}. Check the charger and the cable.`,
  }),
  'subscription.expiring': (p) => ({
    title: `${s(p.pkg)} for ${s(p.vin)} end in ${s(p.days)} days`,
    body: `${s(p.pkg)} for your car ${s(p.vin)} end on ${s(p.until)}. See the connected-services centre for details.`,
  }),
  'vehicle.activated': (p) => ({
    title: `Connected services active for ${s(p.vin)}`,
    body: `You activated the connected services of your car ${s(p.vin)}. Its status, remote services and notices are now yours.`,
  }),
  'vehicle.handed_over': (p) => ({
    title: `Connected services for ${s(p.vin)} moved to another account`,
    body:
      `Someone proved physical access to your car ${s(p.vin)} on ${s(p.at)} and activated its connected services. ` +
      'Your account no longer sees its data or sends it commands; the car stays in your garage as inactive. ' +
      'If this was not expected, contact customer care.',
  }),
  'vehicle.ownership_recorded': (p) => ({
    title: p.previous ? `${s(p.vin)} is registered to its new owner` : `${s(p.vin)} is registered in your name`,
    body: p.previous
      ? `A retailer recorded on ${s(p.at)} that your car ${s(p.vin)} belongs to its new owner from ${s(p.effectiveDate)}. ` +
        'Features reserved to the registered owner are no longer yours for it. If this was not expected, contact your retailer.'
      : `A retailer recorded on ${s(p.at)} that you own the car ${s(p.vin)} from ${s(p.effectiveDate)}. ` +
        'With the connected services activated on your account, every feature of the app is now available for it.',
  }),
};

const de: Record<Kind, (p: Params) => Text> = {
  'vehicle.warning_light': (p) => ({
    title: `Warnleuchte bei ${s(p.vin)}`,
    body: `Ihr Auto ${s(p.vin)} meldet ${p.tyres ? 'zu niedrigen Reifendruck' : p.volts ? `eine schwache 12-V-Batterie (${s(p.volts)} V)` : `den Fehlercode ${s(p.codes)}`}. Was das bedeutet und was zu tun ist, steht auf der Wartungsseite.`,
  }),
  'vehicle.service_due': (p) => ({
    title: p.overdue ? `Service fällig für ${s(p.vin)}` : `Service bald fällig für ${s(p.vin)}`,
    body: p.overdue
      ? `Ihr Auto ${s(p.vin)} ist zum Service fällig. Bitte vereinbaren Sie einen Termin bei Ihrem Händler.`
      : `Ihr Auto ${s(p.vin)} braucht in ${p.km !== undefined ? `${s(p.km)} km` : `${s(p.days)} Tagen`} seinen Service. Vereinbaren Sie rechtzeitig einen Termin bei Ihrem Händler.`,
  }),
  'vehicle.doors_unlocked': (p) => ({
    title: `${s(p.vin)} steht unverschlossen`,
    body: `Ihr Auto ${s(p.vin)} wurde vor ${s(p.minutes)} Minuten abgestellt und ist noch nicht verriegelt. Sie können es in der App verriegeln.`,
  }),
  'vehicle.alarm': (p) => ({
    title: `Alarm bei ${s(p.vin)}`,
    body: `Die Diebstahlwarnanlage Ihres Autos ${s(p.vin)} wurde ausgelöst${p.reason ? ` (${s(p.reason)})` : ''}. Sehen Sie nach Ihrem Auto.`,
  }),
  'charging.finished': (p) => ({
    title: `Laden beendet: ${s(p.vin)}`,
    body: `Ihr Auto ${s(p.vin)} ist fertig geladen${p.socPct !== undefined ? ` (${s(p.socPct)} %)` : ''}.`,
  }),
  'charging.interrupted': (p) => ({
    title: `Laden unterbrochen: ${s(p.vin)}`,
    body: `Das Laden Ihres Autos ${s(p.vin)} wurde vor dem Ende abgebrochen${p.socPct !== undefined ? ` (bei ${s(p.socPct)} %)` : ''}${p.reason ? `: ${s(p.reason)}` : ''}. Prüfen Sie Ladestation und Kabel.`,
  }),
  'subscription.expiring': (p) => ({
    title: `${s(p.pkg)} für ${s(p.vin)} enden in ${s(p.days)} Tagen`,
    body: `${s(p.pkg)} für Ihr Auto ${s(p.vin)} enden am ${s(p.until)}. Einzelheiten im Connected-Services-Center.`,
  }),
  'vehicle.activated': (p) => ({
    title: `Connected Services aktiv für ${s(p.vin)}`,
    body: `Sie haben die Connected Services Ihres Autos ${s(p.vin)} aktiviert. Status, Fernzugriff und Mitteilungen gehören jetzt Ihnen.`,
  }),
  'vehicle.handed_over': (p) => ({
    title: `Connected Services für ${s(p.vin)} an ein anderes Konto übergegangen`,
    body:
      `Jemand hat am ${s(p.at)} physischen Zugang zu Ihrem Auto ${s(p.vin)} nachgewiesen und seine Connected Services aktiviert. ` +
      'Ihr Konto sieht seine Daten nicht mehr und kann keine Befehle mehr senden; das Auto bleibt inaktiv in Ihrer Garage. ' +
      'Falls Sie das nicht erwartet haben, wenden Sie sich an den Kundendienst.',
  }),
  'vehicle.ownership_recorded': (p) => ({
    title: p.previous ? `${s(p.vin)} ist auf den neuen Halter eingetragen` : `${s(p.vin)} ist auf Sie eingetragen`,
    body: p.previous
      ? `Ein Händler hat am ${s(p.at)} eingetragen, dass Ihr Auto ${s(p.vin)} ab ${s(p.effectiveDate)} dem neuen Eigentümer gehört. ` +
        'Funktionen, die dem eingetragenen Eigentümer vorbehalten sind, stehen Ihnen dafür nicht mehr zur Verfügung. Falls Sie das nicht erwartet haben, wenden Sie sich an Ihren Händler.'
      : `Ein Händler hat am ${s(p.at)} eingetragen, dass Ihnen das Auto ${s(p.vin)} ab ${s(p.effectiveDate)} gehört. ` +
        'Sind die Connected Services auf Ihrem Konto aktiviert, steht Ihnen jetzt jede Funktion der App dafür zur Verfügung.',
  }),
};

export function renderNotice(kind: Kind, params: Params, language: Language): Text {
  return (language === 'de' ? de : en)[kind](params);
}

/** The e-mail around a notice, in the account's language. */
export function noticeMail(n: { title: string; body: string; url: string; name: string }, language: Language) {
  const greeting = language === 'de' ? `Hallo ${n.name},` : `Hello ${n.name},`;
  const open = language === 'de' ? 'In der App öffnen' : 'Open in the app';
  const footer =
    language === 'de'
      ? 'Welche Mitteilungen Sie per E-Mail bekommen, stellen Sie in der App unter Mitteilungen ein.'
      : 'Choose which notices reach you by e-mail in the app under Notification settings.';
  return {
    subject: n.title,
    text: `${greeting}\n\n${n.body}\n\n${open}: ${n.url}\n\n${footer}\n`,
    html: `<p>${esc(greeting)}</p><p>${esc(n.body)}</p><p><a href="${esc(n.url)}">${esc(open)}</a></p><p><small>${esc(footer)}</small></p>`,
  };
}

const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
