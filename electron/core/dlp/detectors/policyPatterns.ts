import { type Detect, wordCharacterAt, wordCharacterBefore } from './characters.js';

/**
 * Custom terms from the policy: case-insensitive, whole words (in any script), any run of whitespace
 * matching a space inside a term. One alternation, longest terms first so "Project Falcon X" wins
 * over "Project Falcon". The end boundary is a lookahead (so a longer term that fails it falls back to
 * a shorter one); the start boundary is checked on each match, as a lookbehind at the start of the
 * regex would stop V8 from skipping quickly to the possible first letters.
 */
export function customTermDetector(terms: readonly string[]): Detect | null {
  const sources = [...new Set(terms.map((term) => term.trim()).filter((term) => term.length > 0))]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.split(/\s+/).map(escapeRegExp).join(String.raw`\s+`));
  if (sources.length === 0) return null;
  // Not Unicode mode, which costs a fifth more here: the ASCII end boundary is in the regex, a non-ASCII one is checked below.
  const pattern = new RegExp(`(?:${sources.join('|')})(?![A-Za-z0-9_])`, 'gi');
  return (text, emit) => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      const start = match.index;
      if (!wordCharacterBefore(text, start) && !wordCharacterAt(text, start + match[0].length)) {
        emit('customTerm', start, start + match[0].length);
      } else {
        pattern.lastIndex = start + 1;
      }
    }
  };
}

/**
 * Medical record numbers, by the organisation's own patterns (the policy's
 * `medicalRecordNumberPatterns`, JavaScript regular expressions in Unicode mode). The schema has
 * already refused patterns that do not compile or match empty text.
 */
export function medicalRecordNumberDetector(patterns: readonly string[]): Detect | null {
  if (patterns.length === 0) return null;
  const compiled = patterns.map((source) => new RegExp(source, 'gu'));
  return (text, emit) => {
    for (const pattern of compiled) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match[0].length === 0) pattern.lastIndex++;
        else emit('medicalRecordNumber', match.index, match.index + match[0].length);
      }
    }
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
