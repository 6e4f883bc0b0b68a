import type { DlpFinding } from '../../shared/dlp.js';
import type { DlpScanner } from './scanner.js';

/**
 * Remembers the findings of recent texts. Every remote request scans the whole conversation again
 * (history can hold values typed long ago), but only the newest message is new: the earlier turns
 * are found here instead of scanned again, so a long chat does not make each send slower.
 */
export function cachedScanner(scanner: DlpScanner, capacity = 512): DlpScanner {
  const cache = new Map<string, DlpFinding[]>();
  return {
    scan(text) {
      const hit = cache.get(text);
      if (hit) {
        // Refresh its place: a Map iterates in insertion order, so the oldest entry is evicted first.
        cache.delete(text);
        cache.set(text, hit);
        return hit.map((finding) => ({ ...finding }));
      }
      const findings = scanner.scan(text);
      cache.set(text, findings);
      if (cache.size > capacity) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return findings.map((finding) => ({ ...finding }));
    },
  };
}
