/** The fixed list of failure kinds; each transport maps them once (HTTP status, OCPP CallError, MQTT rejection). */
export const errorKinds = {
  invalid: 400,
  unauthenticated: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition: 412,
  too_large: 413,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorKind = keyof typeof errorKinds;

export interface FieldProblem {
  /** JSON pointer or dotted name of the offending input field. */
  field: string;
  reason: string;
}

export interface AppErrorDetails {
  /** Offending fields; the first one is reported as the problem's `field`. */
  fields?: FieldProblem[];
  /** Seconds after which a retry may succeed (rate limits, lock-outs). */
  retryAfterSeconds?: number;
  /** A stable, machine-readable code under the kind, for example `vin.check_digit`. */
  code?: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: AppErrorDetails;

  constructor(kind: ErrorKind, message: string, details: AppErrorDetails = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.details = details;
  }

  static invalidField(field: string, reason: string, code?: string): AppError {
    return new AppError('invalid', reason, { fields: [{ field, reason }], ...(code ? { code } : {}) });
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
