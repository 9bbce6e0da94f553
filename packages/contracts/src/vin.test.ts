import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVin, vinCheckDigit, withCheckDigit } from './vin';

test('the textbook North American VIN passes its check digit', () => {
  assert.equal(vinCheckDigit('1M8GDM9AXKP042788'), 'X');
  assert.deepEqual(checkVin(' 1m8gdm9axkp042788 '), { ok: true, vin: '1M8GDM9AXKP042788' });
});

const bad: Array<[string, string]> = [
  ['SMK123', 'vin.length'],
  ['SMKABCDEFGHIJ1234', 'vin.forbidden_letter'],
  ['SMKAB-DEFGH1J1234', 'vin.characters'],
  ['0MKABCDEFGH1J1234', 'vin.wmi'],
  ['1M8GDM9A1KP042788', 'vin.check_digit'],
];
for (const [vin, rule] of bad) {
  test(`${vin} breaks ${rule}`, () => {
    const r = checkVin(vin);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.rule, rule);
      assert.ok(r.message.length > 10);
    }
  });
}

test('European VINs need no check digit, Chinese ones do', () => {
  assert.equal(checkVin('SMKAB1DEF00123456').ok, true);
  const cn = 'LMKAB1DEF00123456';
  assert.equal(checkVin(cn).ok, vinCheckDigit(cn) === cn[8]);
  assert.equal(checkVin(withCheckDigit(cn)).ok, true);
});
