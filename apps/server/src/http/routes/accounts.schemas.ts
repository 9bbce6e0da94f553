import { Type } from '@sinclair/typebox';

/** Request and response shapes of the account, session and privacy routes (also the OpenAPI description). */
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const Market = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2, for example GB or DE' });
export const Language = Type.Union([Type.Literal('en'), Type.Literal('de')]);
export const Token = Type.String({ minLength: 1, maxLength: 200 });
export const Role = Type.Union([
  Type.Literal('customer'),
  Type.Literal('retailer'),
  Type.Literal('care_agent'),
  Type.Literal('admin'),
]);

export const Accepted = Type.Object({ status: Type.String(), message: Type.String() });

export const TermsStatus = Type.Object({
  currentVersion: Type.Union([Type.Integer(), Type.Null()]),
  accepted: Type.Boolean(),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
});

export const Profile = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  market: Type.String(),
  language: Language,
  roles: Type.Array(Role),
  status: Type.String(),
  createdAt: Type.String(),
  terms: TermsStatus,
});

export const SessionList = Type.Object({
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      lastSeenAt: Type.String(),
      userAgent: Type.Union([Type.String(), Type.Null()]),
      ip: Type.Union([Type.String(), Type.Null()]),
      current: Type.Boolean(),
    }),
  ),
});

export const LegalDocument = Type.Object({
  kind: Type.String(),
  market: Type.String(),
  language: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  publishedAt: Type.String(),
});

const HistoryEntry = Type.Object({
  purpose: Type.String(),
  vin: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  noticeVersion: Type.Union([Type.Integer(), Type.Null()]),
  method: Type.String(),
  recordedAt: Type.String(),
});

export const Consents = Type.Object({
  purposes: Type.Array(
    Type.Object({
      purpose: Type.String(),
      title: Type.String(),
      description: Type.String(),
      perVehicle: Type.Boolean(),
      granted: Type.Boolean(),
      since: Type.Union([Type.String(), Type.Null()]),
      vehicles: Type.Array(Type.Object({ vin: Type.String(), granted: Type.Boolean(), since: Type.String() })),
    }),
  ),
  history: Type.Array(HistoryEntry),
});
