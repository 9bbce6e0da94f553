import { createRPCError as rpcError } from 'ocpp-rpc';
import { AppError, isAppError, type ErrorKind, type Logger } from '@marque/kernel';

// ocpp-rpc types its errors as plain records; they are Error subclasses carrying rpcErrorCode.
const createRPCError = (code: string, message: string, details: object) => rpcError(code, message, details) as Error;

/** OCPP-J CallError codes, per AppError kind; what is not listed is a GenericError. */
const CODES: Partial<Record<ErrorKind, string>> = {
  invalid: 'PropertyConstraintViolation',
  unprocessable: 'PropertyConstraintViolation',
  too_large: 'PropertyConstraintViolation',
  unauthenticated: 'SecurityError',
  forbidden: 'SecurityError',
  unavailable: 'InternalError',
  internal: 'InternalError',
};

/** The one AppError → CallError mapping; anything else is an InternalError whose details stay in the log. */
export function toCallError(e: unknown, log: Logger): Error {
  if (isAppError(e)) {
    const details = {
      kind: e.kind,
      ...(e.details.code ? { code: e.details.code } : {}),
      ...(e.details.fields ? { fields: e.details.fields } : {}),
    };
    return createRPCError(CODES[e.kind] ?? 'GenericError', e.message, details);
  }
  // Already a CallError (ocpp-rpc's own, with an rpcErrorCode): pass it through.
  if (e instanceof Error && 'rpcErrorCode' in e) return e;
  log.error({ err: e }, 'ocpp: handler failed');
  return createRPCError('InternalError', 'internal error', {});
}

/** A platform → charger call that failed (timeout, charger's CallError, socket gone) as an AppError for the caller. */
export function fromCallFailure(e: unknown, chargePointId: string, action: string): AppError {
  const code = e instanceof Error && 'rpcErrorCode' in e ? String((e as { rpcErrorCode: unknown }).rpcErrorCode) : undefined;
  if (code) {
    return new AppError('unprocessable', `Charger ${chargePointId} refused ${action}: ${code}.`, {
      code: 'charger.call_error',
      callError: code,
    });
  }
  return new AppError('unavailable', `Charger ${chargePointId} did not answer ${action}.`, {
    code: 'charger.no_answer',
    retryAfterSeconds: 30,
  });
}
