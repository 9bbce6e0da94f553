import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviceFor, KNOWN_CODES } from './advice';

// The codes the simulator's cars raise (apps/simulator/src/vehicle/upkeep.ts): each must have its own advice.
const SIMULATOR_CODES = ['P0420', 'P0171', 'P0300', 'P0A80', 'P0AA6', 'C0035', 'B1318', 'U0100'];

test('every code the simulator emits has its own advice in English and German', () => {
  for (const code of SIMULATOR_CODES) {
    const en = adviceFor(code, 'en');
    const de = adviceFor(code, 'de');
    assert.equal(en.known, true, code);
    assert.ok(KNOWN_CODES.includes(code));
    assert.notEqual(en.whatToDo, de.whatToDo, `${code}: German text differs from English`);
    assert.ok(en.whatToDo.length > 40 && de.whatToDo.length > 40, code);
  }
  assert.equal(adviceFor('P0AA6').severity, 'critical', 'a high-voltage fault says stop');
  assert.match(adviceFor('P0AA6').whatToDo, /do not drive on/);
  assert.equal(adviceFor('P0420').severity, 'warning');
});

test('an unknown code gets a cautious fallback that names the code; lower case and spaces are tolerated', () => {
  const a = adviceFor('P1234', 'en');
  assert.equal(a.known, false);
  assert.equal(a.severity, 'warning');
  assert.equal(a.title, 'Warning code P1234');
  assert.match(a.whatToDo, /roadside assistance/);
  assert.equal(adviceFor('P1234', 'de').title, 'Warncode P1234');
  assert.equal(adviceFor(' p0420 ').known, true);
  assert.equal(adviceFor(' p0420 ').code, 'p0420');
});

test('an unsupported language falls back to English', () => {
  assert.equal(adviceFor('B1318', 'fr' as 'en').title, adviceFor('B1318', 'en').title);
});
