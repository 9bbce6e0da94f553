import { readFileSync } from 'node:fs';
import type { LegalKind } from './privacy.repository';

/** Splits a Markdown file into its title (the first `# ` heading) and the rest as the body. */
export function parseLegalMarkdown(text: string): { title: string; body: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const i = lines.findIndex((l) => /^#\s+\S/.test(l));
  if (i < 0) return { title: '', body: text.trim() };
  return { title: lines[i]!.replace(/^#\s+/, '').trim(), body: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n').trim() };
}

const seed: Array<{ kind: LegalKind; market: string; language: 'en' | 'de'; file: string }> = [
  { kind: 'terms', market: 'GB', language: 'en', file: 'terms.en.md' },
  { kind: 'privacy', market: 'GB', language: 'en', file: 'privacy.en.md' },
  { kind: 'terms', market: 'DE', language: 'de', file: 'terms.de.md' },
  { kind: 'privacy', market: 'DE', language: 'de', file: 'privacy.de.md' },
  { kind: 'terms', market: 'DE', language: 'en', file: 'terms.en.md' },
  { kind: 'privacy', market: 'DE', language: 'en', file: 'privacy.en.md' },
];

/** Version 1 of the terms of use and privacy notice in English and German, published on a demo's first start. */
export function legalSeed() {
  return seed.map((s) => ({
    kind: s.kind,
    market: s.market,
    language: s.language,
    version: 1,
    ...parseLegalMarkdown(readFileSync(new URL(`../seed/${s.file}`, import.meta.url), 'utf8')),
  }));
}
