import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, silentLogger, type ErrorKind } from '@marque/kernel';
import { toCallError } from './call-error';

const cases: Array<[ErrorKind, string]> = [
  ['invalid', 'PropertyConstraintViolation'],
  ['not_found', 'GenericError'],
  ['conflict', 'GenericError'],
  ['forbidden', 'SecurityError'],
  ['unavailable', 'InternalError'],
];
for (const [kind, code] of cases) {
  test(`AppError ${kind} leaves as CallError ${code}`, () => {
    const e = toCallError(new AppError(kind, 'why', { code: 'x.y' }), silentLogger) as Error & {
      rpcErrorCode: string;
      details: object;
    };
    assert.equal(e.rpcErrorCode, code);
    assert.equal(e.message, 'why');
    assert.deepEqual(e.details, { kind, code: 'x.y' });
  });
}

test('an unexpected error is an InternalError that says nothing about the internals', () => {
  const e = toCallError(new Error('connection string postgres://secret'), silentLogger) as Error & { rpcErrorCode: string };
  assert.equal(e.rpcErrorCode, 'InternalError');
  assert.equal(e.message, 'internal error');
});
