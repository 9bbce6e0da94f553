import { Type } from '@sinclair/typebox';

/** RFC 9457 problem details as every error response carries them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    code: Type.Optional(Type.String()),
    field: Type.Optional(Type.String({ description: 'The first offending input field' })),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
    retryAfterSeconds: Type.Optional(Type.Number()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);
