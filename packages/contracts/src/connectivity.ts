import { Type, type Static } from '@sinclair/typebox';
import { POWERTRAINS } from './vehicle-registry';

export const ServiceSupport = Type.Object({
  id: Type.String(),
  name: Type.String(),
  supported: Type.Boolean(),
  note: Type.Optional(Type.String()),
});

export const ServiceGroup = Type.Object({
  id: Type.Union([
    Type.Literal('link_app'),
    Type.Literal('remote'),
    Type.Literal('multimedia'),
    Type.Literal('smart_connect'),
    Type.Literal('charging'),
  ]),
  name: Type.String(),
  supported: Type.Boolean(),
  services: Type.Array(ServiceSupport),
});

export const ConnectivityMatch = Type.Object({
  vin: Type.String(),
  brand: Type.String(),
  model: Type.String(),
  modelYear: Type.Integer(),
  powertrain: Type.Union(POWERTRAINS.map((p) => Type.Literal(p))),
  market: Type.String(),
  eligible: Type.Boolean({ description: 'Whether the vehicle supports any connected service at all' }),
  summary: Type.String(),
  standardTermYears: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Years of Standard Services included from delivery (10, or 4 with Smart Connect)',
  }),
  groups: Type.Array(ServiceGroup),
});
export type ConnectivityMatchT = Static<typeof ConnectivityMatch>;
export type ServiceGroupT = Static<typeof ServiceGroup>;
