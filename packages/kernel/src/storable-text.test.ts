import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unstorableText } from './storable-text';

test('text the database cannot store is found with its path; everything else passes', () => {
  assert.equal(unstorableText({ a: 'plain', b: ['é', '日本', '\u{1F600}'], c: 1, d: null, e: true }), null);
  assert.deepEqual(unstorableText({ a: { b: ['x', 'y\u0000'] } })?.path, ['a', 'b', '1']);
  assert.match(unstorableText('\ud800')!.problem, /unpaired/);
  assert.match(unstorableText('x\udc00')!.problem, /unpaired/);
  assert.equal(unstorableText('\ud83d\ude00'), null, 'a surrogate pair is a character');
  assert.deepEqual(unstorableText({ ['bad\u0000key']: 1 })?.path, ['bad\u0000key']);
  let deep: unknown = 'x';
  for (let i = 0; i < 100; i++) deep = [deep];
  assert.match(unstorableText(deep)!.problem, /nested/);
});
