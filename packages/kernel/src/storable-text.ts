// PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate in jsonb ("\ud800"); in a text column
// a lone surrogate would silently become U+FFFD. Input holding either is refused where it comes in, with the field
// named, instead of failing the write (a 500, or a vehicle message retried forever).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_DEPTH = 64;

export interface UnstorableText {
  /** Where: object keys and array indexes from the value given. */
  path: string[];
  problem: string;
}

function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains the character U+0000, which cannot be stored';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate, which cannot be stored';
  return null;
}

/** The first string (value or key) in `value` that the database cannot store as it is, or null. */
export function unstorableText(value: unknown, path: string[] = []): UnstorableText | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  // Bytes (an upload) are not text here; whoever decodes them checks what they hold.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  if (path.length >= MAX_DEPTH) return { path, problem: `is nested more than ${MAX_DEPTH} levels deep` };
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: [...path, key], problem: `has a name that ${keyProblem}` };
    const found = unstorableText(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}
