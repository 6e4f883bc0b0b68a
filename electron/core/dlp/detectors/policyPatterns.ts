import type { Detect } from './characters.js';

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
