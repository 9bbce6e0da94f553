export const PURPOSES = [
  'driving_analytics',
  'location_history',
  'product_improvement',
  'marketing',
  'connected_vehicle_assistance',
] as const;

export type Purpose = (typeof PURPOSES)[number];

/** Purposes that may be given for one vehicle (a VIN) instead of the whole account. */
export const PER_VEHICLE: ReadonlySet<Purpose> = new Set(['connected_vehicle_assistance']);

type Text = { title: string; description: string };

export const purposeTexts: Record<'en' | 'de', Record<Purpose, Text>> = {
  en: {
    driving_analytics: {
      title: 'Driving analytics',
      description: 'We analyse speed, braking and acceleration from your trips to show you driving scores and tips.',
    },
    location_history: {
      title: 'Location history',
      description: 'We keep the routes of your trips and where you parked so you can look them up later.',
    },
    product_improvement: {
      title: 'Product improvement',
      description: 'We use technical vehicle data without your name to find faults and improve our cars and services.',
    },
    marketing: {
      title: 'Marketing',
      description: 'We may send you offers and news about products and services by e-mail and in the app.',
    },
    connected_vehicle_assistance: {
      title: 'Connected Vehicle Assistance',
      description:
        'After a possible accident your car sends crash data and its location so our care team can contact you and send help.',
    },
  },
  de: {
    driving_analytics: {
      title: 'Fahranalyse',
      description:
        'Wir werten Geschwindigkeit, Bremsen und Beschleunigen Ihrer Fahrten aus und zeigen Ihnen Bewertungen und Tipps.',
    },
    location_history: {
      title: 'Standortverlauf',
      description: 'Wir speichern die Strecken Ihrer Fahrten und Ihre Parkorte, damit Sie sie später ansehen können.',
    },
    product_improvement: {
      title: 'Produktverbesserung',
      description:
        'Wir nutzen technische Fahrzeugdaten ohne Ihren Namen, um Fehler zu finden und Autos und Dienste zu verbessern.',
    },
    marketing: {
      title: 'Marketing',
      description: 'Wir dürfen Ihnen Angebote und Neuigkeiten zu Produkten und Diensten per E-Mail und in der App senden.',
    },
    connected_vehicle_assistance: {
      title: 'Connected Vehicle Assistance',
      description:
        'Nach einem möglichen Unfall sendet Ihr Auto Unfalldaten und seinen Standort, damit unser Team Sie kontaktieren und Hilfe schicken kann.',
    },
  },
};
