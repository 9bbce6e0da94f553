import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorKinds, type FieldProblem } from '@marque/kernel';

/** RFC 9457 problem details; `field` names the first offending input, `errors` all of them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code?: string;
  field?: string;
  errors?: FieldProblem[];
  retryAfterSeconds?: number;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

const kindByStatus = new Map<number, string>(Object.entries(errorKinds).map(([k, s]) => [s, k]));

function problemType(kind: string): string {
  return `urn:marque:problem:${kind}`;
}

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns Fastify/Ajv validation output into field names a person can read ("vin", "signals.Vehicle.Speed"). */
export function validationFields(errors: AjvError[], context: string | undefined): FieldProblem[] {
  return errors.map((e) => {
    const parts = e.instancePath.split('/').filter(Boolean);
    const missing = e.params?.missingProperty ?? e.params?.additionalProperty;
    if (typeof missing === 'string') parts.push(missing);
    const field = parts.join('.') || (context ?? 'body');
    let reason = e.message ?? 'is invalid';
    if (e.params?.additionalProperty) reason = 'is not a known field';
    if (e.params?.allowedValues) reason += `: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    return { field, reason: `${field} ${reason}`.replace(/^(\S+) must have required property '.*'$/, '$1 is required') };
  });
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, p: Omit<Problem, 'instance' | 'requestId'>) {
  const body: Problem = { ...p, instance: req.url.split('?')[0]!, requestId: String(req.id) };
  if (p.retryAfterSeconds !== undefined) void reply.header('retry-after', String(Math.ceil(p.retryAfterSeconds)));
  return reply.code(p.status).type('application/problem+json').send(body);
}

/** The one mapper from errors to HTTP: AppError kinds, framework 4xx errors, and anything else as a 500. */
export function errorHandler(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const status = errorKinds[error.kind];
    const { fields, retryAfterSeconds, code, ...extra } = error.details;
    return sendProblem(req, reply, {
      type: problemType(error.kind),
      title: titles[status] ?? error.kind,
      status,
      detail: error.message,
      ...(code ? { code } : {}),
      ...(fields?.length ? { field: fields[0]!.field, errors: fields } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...extra,
    });
  }
  const fe = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fe.validation) {
    const fields = validationFields(fe.validation, fe.validationContext);
    return sendProblem(req, reply, {
      type: problemType('invalid'),
      title: titles[400]!,
      status: 400,
      detail: fields.map((f) => f.reason).join('; '),
      field: fields[0]?.field ?? 'body',
      errors: fields,
    });
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) req.log.error({ err: error }, 'unhandled error');
  const detail =
    status === 500
      ? 'Something went wrong on our side. The request id helps us find it.'
      : fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'The request body is not valid JSON.'
        : error.message;
  return sendProblem(req, reply, {
    type: problemType(kindByStatus.get(status) ?? `http-${status}`),
    title: titles[status] ?? 'Error',
    status,
    detail,
    ...(status === 400 && fe.code?.startsWith('FST_ERR_CTP') ? { field: 'body' } : {}),
  });
}
