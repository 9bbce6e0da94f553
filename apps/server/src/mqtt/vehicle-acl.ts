/** The vehicle contract's broker rules: `veh-{VIN}` publishes under its own up/ and reads its own down/. */
export const VEHICLE_CLIENT_PREFIX = 'veh-';

export function vehicleMayPublish(vin: string, topic: string): boolean {
  return topic.startsWith(`v1/vehicles/${vin}/up/`) && !/[+#]/.test(topic) && topic.length <= 128;
}

export function vehicleMaySubscribe(vin: string, topic: string): boolean {
  return topic.startsWith(`v1/vehicles/${vin}/down/`) && !topic.includes('$') && topic.length <= 128;
}
