const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

const SAMPLES = Buffer.from('samples');
const SIGNALS = Buffer.from('signals');
const SAMPLES_TOKEN = Buffer.from('"samples"');
const SIGNALS_TOKEN = Buffer.from('"signals"');

const isKey = (p: Buffer, start: number, end: number, key: Buffer) =>
  end - start === key.length && p.compare(key, 0, key.length, start, end) === 0;

/**
 * Where the `signals` object of each sample lies in a telemetry payload, as byte offsets: [start, end) of sample i at
 * 2i and 2i + 1. The samples are stored as the car wrote them (the text is loaded into jsonb as is, with no
 * JSON.stringify of what was parsed), so this must find exactly what JSON.parse validated: it returns null, and the
 * caller serialises the parsed values instead, unless it finds one `signals` object per sample of the root's
 * `samples` array and no key on that path is written with escapes. With duplicate keys JSON.parse keeps the last
 * one: a `signals` that is not an object gives up, and the objects found then outnumber the samples unless the
 * earlier duplicates held none, so the count decides.
 *
 * Only for text JSON.parse accepted (the scan trusts its syntax); `samples` is how many samples it found.
 */
export function signalSpans(p: Buffer, samples: number): number[] | null {
  return plainSignalSpans(p, samples) ?? scanSignalSpans(p, samples);
}

/** How many times `needle` occurs in `p`, counting no further than `limit` + 1. */
function occurrences(p: Buffer, needle: number | Buffer, limit: number): number {
  let n = 0;
  for (let i = p.indexOf(needle); i !== -1 && n <= limit; i = p.indexOf(needle, i + 1)) n++;
  return n;
}

/**
 * The common case with native searches only: a message with no backslash, one array, and exactly as many braces,
 * `"samples"` and `"signals"` as its structure needs (the root, each sample and each sample's signals). Without
 * backslashes every quote delimits a string and a key is written as it reads, so those counts leave no room for a
 * duplicate key, a nested object, another array or a brace inside a string; then the k-th `"signals"` is the key of
 * the k-th sample's signals, and the first `}` after its `{` closes it. Null when the counts differ.
 */
export function plainSignalSpans(p: Buffer, samples: number): number[] | null {
  const objects = 1 + 2 * samples;
  if (
    p.indexOf(BACKSLASH) !== -1 ||
    occurrences(p, OPEN_ARRAY, 1) !== 1 ||
    occurrences(p, CLOSE_ARRAY, 1) !== 1 ||
    occurrences(p, OPEN_OBJECT, objects) !== objects ||
    occurrences(p, CLOSE_OBJECT, objects) !== objects ||
    occurrences(p, SAMPLES_TOKEN, 1) !== 1
  )
    return null;
  const spans: number[] = [];
  let found = 0;
  for (let k = p.indexOf(SIGNALS_TOKEN); k !== -1; k = p.indexOf(SIGNALS_TOKEN, k + 1)) {
    if (found === samples) return null;
    let i = k + SIGNALS_TOKEN.length;
    while (isSpace(p[i])) i++;
    if (p[i++] !== COLON) return null;
    while (isSpace(p[i])) i++;
    if (p[i] !== OPEN_OBJECT) return null;
    const end = p.indexOf(CLOSE_OBJECT, i);
    spans.push(i, end + 1);
    found++;
  }
  return found === samples ? spans : null;
}

const isSpace = (c: number | undefined) => c === SPACE || c === TAB || c === LF || c === CR;

/** The general case: one pass over the text, tracking strings, depth and the keys on the path to each signals. */
export function scanSignalSpans(p: Buffer, samples: number): number[] | null {
  const spans: number[] = [];
  let found = 0;
  let depth = 0;
  // The last string read (a key when a colon follows it).
  let strStart = 0;
  let strEnd = 0;
  let strEscaped = false;
  // The key whose value comes next: set by a colon, cleared by any other token.
  let afterSamplesKey = false;
  let afterSignalsKey = false;
  let inSamples = false;
  let inSample = false;
  let spanStart = -1;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === SPACE || c === TAB || c === LF || c === CR) continue;
    // A sample's `signals` that is not an object may be a duplicate JSON.parse kept: do not guess.
    if (afterSignalsKey && c !== OPEN_OBJECT) return null;
    if (c === QUOTE) {
      let j = i + 1;
      strEscaped = false;
      for (;;) {
        const d = p[j];
        if (d === undefined) return null;
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          strEscaped = true;
          j += 2;
        } else j++;
      }
      strStart = i + 1;
      strEnd = j;
      i = j;
      afterSamplesKey = afterSignalsKey = false;
      continue;
    }
    if (c === COLON) {
      const onPath = depth === 1 || (depth === 3 && inSample);
      if (onPath && strEscaped) return null;
      afterSamplesKey = depth === 1 && isKey(p, strStart, strEnd, SAMPLES);
      afterSignalsKey = depth === 3 && inSample && isKey(p, strStart, strEnd, SIGNALS);
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === 1 && c === OPEN_ARRAY && afterSamplesKey) inSamples = true;
      else if (depth === 2 && c === OPEN_OBJECT && inSamples) inSample = true;
      else if (depth === 3 && c === OPEN_OBJECT && afterSignalsKey) {
        if (found === samples) return null;
        spanStart = i;
      }
      depth++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
      if (depth === 3 && spanStart >= 0) {
        spans.push(spanStart, i + 1);
        found++;
        spanStart = -1;
      } else if (depth === 2 && inSample) inSample = false;
      else if (depth === 1 && inSamples) inSamples = false;
    }
    afterSamplesKey = afterSignalsKey = false;
  }
  return found === samples ? spans : null;
}
