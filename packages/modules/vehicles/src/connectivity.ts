import type { ConnectivityMatchT, ServiceGroupT, RegistryVehicle } from '@marque/contracts';

type Caps = Pick<RegistryVehicle, 'powertrain' | 'headUnit' | 'smartConnect' | 'market'>;

/** Markets whose law forbids warning drivers of fixed speed cameras. */
const noSpeedCameraAlerts = new Set(['DE', 'FR', 'CH', 'AT']);

const rank = { none: 0, mm16: 1, mm19: 2, mm21: 3 } as const;

function group(id: ServiceGroupT['id'], name: string, services: ServiceGroupT['services']): ServiceGroupT {
  return { id, name, supported: services.some((s) => s.supported), services };
}

/** What each head-unit generation, powertrain and market allows, grouped as the owner's FAQ groups them. */
export function connectivityGroups(v: Caps): ServiceGroupT[] {
  const hu = rank[v.headUnit];
  const electric = v.powertrain === 'PHEV' || v.powertrain === 'BEV';
  const s = (id: string, name: string, supported: boolean, note?: string) => ({ id, name, supported, ...(note ? { note } : {}) });
  return [
    group('link_app', 'Link app services', [
      s('vehicle_status', 'Vehicle status and warnings', hu >= 1),
      s('find_my_car', 'Find my car', hu >= 1),
      s('trips', 'Trips', hu >= 1),
      s('driving_analytics', 'Driving analytics', hu >= 1),
      s('maintenance', 'Maintenance reminders', hu >= 1),
      s('notifications', 'Notifications', hu >= 1),
      s('accident_assistant', 'Accident assistant', hu >= 3, hu >= 1 && hu < 3 ? 'Needs the mm21 head unit' : undefined),
    ]),
    group('remote', 'Remote services', [
      s('remote_climate', 'Remote climate control', hu >= 2),
      s('remote_doors', 'Remote door lock and unlock', hu >= 2),
      s('remote_hazards', 'Hazard lights', hu >= 2),
    ]),
    group('multimedia', 'Multimedia online', [
      s('smartphone_integration', 'Smartphone integration (Apple CarPlay, Android Auto)', hu >= 2),
      s('online_navigation', 'Online navigation and points of interest', hu >= 2),
      s('traffic_alerts', 'Real-time traffic alerts', hu >= 2),
      s(
        'speed_camera_alerts',
        'Speed camera alerts',
        hu >= 2 && !noSpeedCameraAlerts.has(v.market),
        hu >= 2 && noSpeedCameraAlerts.has(v.market) ? `Not offered in ${v.market}: the law forbids it` : undefined,
      ),
    ]),
    group('smart_connect', 'Smart Connect', [
      s('smart_activation', 'Activation by QR code from the head unit', v.smartConnect),
      s('cloud_navigation', 'Cloud navigation and voice assistant', v.smartConnect),
    ]),
    group('charging', 'Charging', [
      s(
        'remote_charging',
        'Start and stop charging remotely',
        electric && hu >= 2,
        electric ? undefined : 'Only for PHEV and BEV',
      ),
      s('smart_charging', 'Smart charging schedules', electric && hu >= 2, electric ? undefined : 'Only for PHEV and BEV'),
      s('charging_network', 'Public charging network and RFID card', electric, electric ? undefined : 'Only for PHEV and BEV'),
    ]),
  ];
}

export function connectivityMatch(v: Omit<RegistryVehicle, 'deviceSecret'>): ConnectivityMatchT {
  const groups = connectivityGroups(v);
  const eligible = v.headUnit !== 'none';
  const supported = groups.filter((g) => g.supported).map((g) => g.name);
  const summary = eligible
    ? `This ${v.brand} ${v.model} (${v.modelYear}) supports ${supported.join(', ')}.`
    : groups.find((g) => g.id === 'charging')?.supported
      ? `This ${v.brand} ${v.model} has no connected-services unit; it can still use the public charging network with an RFID card.`
      : `This ${v.brand} ${v.model} has no connected-services unit and is not eligible for connected services.`;
  return {
    vin: v.vin,
    brand: v.brand,
    model: v.model,
    modelYear: v.modelYear,
    powertrain: v.powertrain,
    market: v.market,
    eligible,
    summary,
    standardTermYears: eligible ? (v.smartConnect ? 4 : 10) : null,
    groups,
  };
}
