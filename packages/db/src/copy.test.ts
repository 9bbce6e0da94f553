import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CopyRows, copyText, plainCopyText } from './copy';

const text = (rows: CopyRows) => Buffer.concat(rows.chunks()).toString('utf8');

test('rows in COPY text format: values escaped, null as \\N, one line per row', () => {
  const rows = new CopyRows();
  rows.value('VIN1').value(null).value(42).value('a\\b\tc\nd\re').endRow();
  rows.value('é ü 日本').value('').endRow();
  assert.equal(rows.rows, 2);
  assert.equal(text(rows), 'VIN1\t\\N\t42\ta\\\\b\\tc\\nd\\re\né ü 日本\t\n');
  assert.equal(copyText('a\\b\tc'), 'a\\\\b\\tc');
});

test('bytes copied from a message are escaped the same way, and refused when not ASCII', () => {
  const src = Buffer.from('xx{"a":\t1,\n"b":"\\"q\\""}yy');
  const rows = new CopyRows();
  assert.equal(rows.asciiBytes(src, 2, src.length - 2), true);
  rows.endRow();
  assert.equal(text(rows), '{"a":\\t1,\\n"b":"\\\\"q\\\\""}\n');
  const other = new CopyRows();
  const accented = Buffer.from('{"é":1}');
  assert.equal(other.value('v').asciiBytes(accented, 0, accented.length), false);
  other.value('{}').endRow();
  assert.equal(text(other), 'v\t{}\n', 'nothing written by the refused call');
});

test('large data goes out in several chunks without losing or splitting a byte', () => {
  const rows = new CopyRows();
  const value = 'x'.repeat(1000);
  for (let i = 0; i < 1000; i++) rows.value(i).value(value).endRow();
  const chunks = rows.chunks();
  assert.ok(chunks.length > 1);
  const lines = Buffer.concat(chunks).toString().split('\n');
  assert.equal(lines.length, 1001);
  assert.deepEqual(lines[999], `999\t${value}`);
});

test('released buffers serve later rows, which overwrite what they held', () => {
  const first = new CopyRows();
  for (let i = 0; i < 300; i++) first.value('A'.repeat(1000)).endRow();
  const held = first.chunks().length;
  first.release();
  assert.equal(first.rows, 0);
  const second = new CopyRows();
  for (let i = 0; i < 300; i++) second.value(i).value('b'.repeat(500)).endRow();
  assert.ok(held > 1);
  const lines = Buffer.concat(second.chunks()).toString().split('\n');
  assert.equal(lines.length, 301);
  assert.ok(lines.every((l, i) => i === 300 || l === `${i}\t${'b'.repeat(500)}`));
  // Rows written after a release do not land in a buffer given back.
  first.value('late').endRow();
  assert.equal(text(first), 'late\n');
  assert.equal(lines.length, Buffer.concat(second.chunks()).toString().split('\n').length);
  assert.ok(Buffer.concat(second.chunks()).toString().startsWith(`0\t${'b'.repeat(500)}\n`));
});

test('a message with nothing to escape is copied as is; anything to escape or not ASCII is not plain', () => {
  assert.equal(plainCopyText(Buffer.from('{"a":1,"b":[true,"x y"]}')), true);
  for (const text of ['{"a":"\\n"}', '{"a":\t1}', '{\n"a":1}', '{"a":1}\r', '{"é":1}'])
    assert.equal(plainCopyText(Buffer.from(text)), false, JSON.stringify(text));
  const src = Buffer.from('..{"a":1}..');
  const rows = new CopyRows().value('v').plainBytes(src, 2, 9).endRow();
  assert.equal(text(rows), 'v\t{"a":1}\n');
});
