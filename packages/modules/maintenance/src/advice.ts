/** How urgent a warning is: `critical` means stop or do not drive; `warning` means see a retailer soon. */
export type Severity = 'info' | 'warning' | 'critical';
export type Language = 'en' | 'de';

export interface Advice {
  code: string;
  severity: Severity;
  /** What the car reports, in a few words. */
  title: string;
  /** What the owner should do, in plain language. */
  whatToDo: string;
  /** False for a code this catalogue does not describe (the fallback advice). */
  known: boolean;
}

type Text = Record<Language, string>;
interface Entry {
  severity: Severity;
  title: Text;
  whatToDo: Text;
}

/**
 * The warning codes the platform explains: the diagnostic trouble codes the simulator's cars raise
 * (apps/simulator/src/vehicle/upkeep.ts) and the platform's own checks (tyres, 12 V battery, service).
 */
const CATALOGUE: Record<string, Entry> = {
  P0420: {
    severity: 'warning',
    title: { en: 'Catalytic converter efficiency low', de: 'Wirkungsgrad des Katalysators zu niedrig' },
    whatToDo: {
      en: 'You can keep driving, but emissions are higher than they should be. Book a service within the next few weeks.',
      de: 'Sie können weiterfahren, aber die Abgaswerte sind zu hoch. Vereinbaren Sie in den nächsten Wochen einen Servicetermin.',
    },
  },
  P0171: {
    severity: 'warning',
    title: { en: 'Engine running too lean', de: 'Gemisch zu mager' },
    whatToDo: {
      en: 'The engine gets too little fuel or too much air. Drive gently and book a service soon; a leak in the intake is a common cause.',
      de: 'Der Motor bekommt zu wenig Kraftstoff oder zu viel Luft. Fahren Sie schonend und vereinbaren Sie bald einen Servicetermin.',
    },
  },
  P0300: {
    severity: 'critical',
    title: { en: 'Engine misfire detected', de: 'Zündaussetzer erkannt' },
    whatToDo: {
      en: 'Misfires can damage the catalytic converter. Avoid hard acceleration and long trips, and have the car checked as soon as possible.',
      de: 'Zündaussetzer können den Katalysator beschädigen. Vermeiden Sie starkes Beschleunigen und lange Fahrten und lassen Sie das Auto umgehend prüfen.',
    },
  },
  P0A80: {
    severity: 'warning',
    title: { en: 'Hybrid battery pack ageing', de: 'Hybridbatterie gealtert' },
    whatToDo: {
      en: 'The hybrid battery has lost capacity. The car still drives, using more fuel. Book a service to have the battery tested.',
      de: 'Die Hybridbatterie hat an Kapazität verloren. Das Auto fährt weiter, verbraucht aber mehr Kraftstoff. Lassen Sie die Batterie beim Service prüfen.',
    },
  },
  P0AA6: {
    severity: 'critical',
    title: { en: 'High-voltage insulation fault', de: 'Isolationsfehler im Hochvoltsystem' },
    whatToDo: {
      en: 'Stop as soon as it is safe, switch the car off and do not touch orange high-voltage parts. Call roadside assistance; do not drive on.',
      de: 'Halten Sie an, sobald es sicher ist, schalten Sie das Auto aus und berühren Sie keine orangefarbenen Hochvoltteile. Rufen Sie die Pannenhilfe; nicht weiterfahren.',
    },
  },
  C0035: {
    severity: 'warning',
    title: { en: 'Front left wheel speed sensor fault', de: 'Raddrehzahlsensor vorne links gestört' },
    whatToDo: {
      en: 'ABS and stability control may be switched off. Drive carefully, leave more distance when braking, and book a service soon.',
      de: 'ABS und Stabilitätskontrolle sind womöglich abgeschaltet. Fahren Sie vorsichtig, halten Sie mehr Abstand und vereinbaren Sie bald einen Servicetermin.',
    },
  },
  B1318: {
    severity: 'warning',
    title: { en: '12 V battery voltage low', de: '12-V-Batteriespannung niedrig' },
    whatToDo: {
      en: 'Drive for at least 30 minutes to recharge the battery, or charge it. If the warning returns, have the battery tested and replaced.',
      de: 'Fahren Sie mindestens 30 Minuten, um die Batterie zu laden, oder laden Sie sie extern. Kehrt die Warnung zurück, lassen Sie die Batterie prüfen.',
    },
  },
  U0100: {
    severity: 'warning',
    title: { en: 'Lost communication with the engine control unit', de: 'Keine Verbindung zum Motorsteuergerät' },
    whatToDo: {
      en: 'The car may run in a limited mode. If it drives normally, book a service soon; if it stalls or will not start, call roadside assistance.',
      de: 'Das Auto läuft womöglich im Notlauf. Fährt es normal, vereinbaren Sie bald einen Servicetermin; geht es aus oder springt nicht an, rufen Sie die Pannenhilfe.',
    },
  },
  'tyre.pressure_low': {
    severity: 'warning',
    title: { en: 'Low tyre pressure', de: 'Niedriger Reifendruck' },
    whatToDo: {
      en: 'Check the tyre at the next petrol station and inflate it to the pressure on the label in the driver’s door. If it keeps losing air, have it repaired.',
      de: 'Prüfen Sie den Reifen an der nächsten Tankstelle und pumpen Sie ihn auf den Druck laut Aufkleber in der Fahrertür auf. Verliert er weiter Luft, lassen Sie ihn reparieren.',
    },
  },
  'tyre.pressure_critical': {
    severity: 'critical',
    title: { en: 'Tyre pressure very low', de: 'Reifendruck sehr niedrig' },
    whatToDo: {
      en: 'Do not drive on this tyre: it may be damaged or come off the rim. Fit the spare or use the repair kit, or call roadside assistance.',
      de: 'Fahren Sie nicht mit diesem Reifen weiter: er kann beschädigt werden. Montieren Sie das Reserverad, nutzen Sie das Reparaturset oder rufen Sie die Pannenhilfe.',
    },
  },
  'battery12v.weak': {
    severity: 'warning',
    title: { en: '12 V battery is weak', de: '12-V-Batterie ist schwach' },
    whatToDo: {
      en: 'The car may not start next time. Take a drive of 30 minutes or more soon, avoid leaving lights or climate on while parked, and have the battery tested.',
      de: 'Das Auto springt womöglich beim nächsten Mal nicht an. Fahren Sie bald mindestens 30 Minuten, lassen Sie im Stand kein Licht oder Klima an und lassen Sie die Batterie prüfen.',
    },
  },
  'battery12v.flat': {
    severity: 'critical',
    title: { en: '12 V battery nearly flat', de: '12-V-Batterie fast leer' },
    whatToDo: {
      en: 'The car will probably not start. Use a jump starter or call roadside assistance, then have the battery tested or replaced.',
      de: 'Das Auto wird wahrscheinlich nicht anspringen. Nutzen Sie eine Starthilfe oder rufen Sie die Pannenhilfe und lassen Sie danach die Batterie prüfen oder tauschen.',
    },
  },
  'service.due': {
    severity: 'info',
    title: { en: 'Service due', de: 'Service fällig' },
    whatToDo: {
      en: 'Your car is due for its regular service. Book a service with your retailer.',
      de: 'Ihr Auto ist fällig für den regelmäßigen Service. Vereinbaren Sie einen Termin bei Ihrem Händler.',
    },
  },
};

const FALLBACK: Entry = {
  severity: 'warning',
  title: { en: 'Warning code {code}', de: 'Warncode {code}' },
  whatToDo: {
    en: 'The car reported a fault the app cannot explain yet. If a warning light is red or the car drives differently, stop safely and call roadside assistance; otherwise book a service so a retailer can read the code.',
    de: 'Das Auto meldet einen Fehler, den die App noch nicht erklären kann. Leuchtet eine Warnleuchte rot oder fährt das Auto anders, halten Sie sicher an und rufen Sie die Pannenhilfe; sonst vereinbaren Sie einen Servicetermin.',
  },
};

/**
 * What a warning code means and what the owner should do, in English or German. Pure: the notifications work uses
 * it for warning-light notices. An unknown code gets a cautious generic advice (`known: false`).
 */
export function adviceFor(code: string, language: Language = 'en'): Advice {
  const key = code.trim();
  const entry = CATALOGUE[key] ?? CATALOGUE[key.toUpperCase()];
  const e = entry ?? FALLBACK;
  const lang: Language = language === 'de' ? 'de' : 'en';
  return {
    code: key,
    severity: e.severity,
    title: e.title[lang].replace('{code}', key),
    whatToDo: e.whatToDo[lang],
    known: !!entry,
  };
}

/** The codes this catalogue explains (tests and documentation). */
export const KNOWN_CODES: readonly string[] = Object.keys(CATALOGUE);
