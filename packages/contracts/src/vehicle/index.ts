// The vehicle ↔ cloud MQTT contract, version 1 (docs/protocol/vehicle-mqtt.md). Node-only: signing uses node:crypto.
export * from './topics';
export * from './payloads';
export * from './signing';
export * from './signals';
export * from './validate';
