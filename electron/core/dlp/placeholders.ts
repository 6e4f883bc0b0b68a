import type { DlpFinding } from '../../shared/dlp.js';
import type { DlpDetector } from '../../shared/policy.js';
import { termIdentity } from './detectors/customTerms.js';
import { normalizeValue } from './normalize.js';

/** The word in a detector's placeholders: `[EMAIL_1]`, `[CARD_2]`. Capitals only, as restoring expects. */
const placeholderLabels: Record<DlpDetector, string> = {
  email: 'EMAIL',
  phone: 'PHONE',
  ssn: 'SSN',
  creditCard: 'CARD',
  iban: 'IBAN',
  ipAddress: 'IP',
  dateOfBirth: 'DOB',
  medicalRecordNumber: 'MRN',
  customTerm: 'TERM',
};

/** Anything shaped like a placeholder, whoever wrote it. */
const placeholderShape = /\[[A-Z]+_\d+\]/g;

/** Placeholder text -> the original value it stands for, to put back in the reply shown locally. */
export type Restorations = ReadonlyMap<string, string>;

export interface RedactedTexts {
  /** The texts with every finding given replaced by its placeholder. */
  texts: string[];
  restorations: Restorations;
}

/**
 * Replaces findings with placeholders across all the texts of one request (prompt, history,
 * passages): the same value gets the same placeholder everywhere, so the remote model can still tell
 * that two mentions are one person. "Same" ignores what does not change the value: its formatting
 * (full-width or other scripts' digits, invisible characters), case in e-mail addresses and terms,
 * separators in numbers and terms, look-alike letters in terms. Placeholders that already occur in the texts
 * are skipped, so restoring the reply never turns the user's own "[EMAIL_1]" into someone's address.
 */
export function redactTexts(texts: readonly string[], findingsPerText: readonly (readonly DlpFinding[])[]): RedactedTexts {
  const taken = new Set(texts.flatMap((text) => text.match(placeholderShape) ?? []));
  const byValue = new Map<string, string>();
  const restorations = new Map<string, string>();
  const counters = new Map<string, number>();

  function placeholderFor(finding: DlpFinding): string {
    const key = `${finding.detector}:${sameValueKey(finding)}`;
    const known = byValue.get(key);
    if (known) return known;
    const label = placeholderLabels[finding.detector];
    let placeholder: string;
    do {
      const next = (counters.get(label) ?? 0) + 1;
      counters.set(label, next);
      placeholder = `[${label}_${next}]`;
    } while (taken.has(placeholder));
    byValue.set(key, placeholder);
    restorations.set(placeholder, finding.text);
    return placeholder;
  }

  const redacted = texts.map((text, index) => {
    const findings = [...(findingsPerText[index] ?? [])].sort((a, b) => a.start - b.start);
    let result = '';
    let position = 0;
    for (const finding of findings) {
      if (finding.start < position) continue; // overlaps were merged by the scanner; never cut a placeholder in two
      result += text.slice(position, finding.start) + placeholderFor(finding);
      position = finding.end;
    }
    return result + text.slice(position);
  });
  return { texts: redacted, restorations };
}

/** Compared in the normalised form the detectors read: "１２３–45–6789" is 123-45-6789. */
function sameValueKey({ detector, text }: DlpFinding): string {
  const value = normalizeValue(text);
  switch (detector) {
    case 'phone':
    case 'ssn':
    case 'creditCard':
      return value.replace(/[^\d+]/g, '');
    case 'iban':
      return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
    case 'email':
    case 'ipAddress':
      return value.toLowerCase();
    case 'customTerm':
      return termIdentity(value);
    case 'dateOfBirth':
    case 'medicalRecordNumber':
      return value;
  }
}

/** Puts the original values back in place of the placeholders in a complete text. */
export function restorePlaceholders(text: string, restorations: Restorations): string {
  if (restorations.size === 0) return text;
  return text.replace(placeholderShape, (placeholder) => restorations.get(placeholder) ?? placeholder);
}

/** The longest text that may still become a placeholder: "[", a label, "_", digits. */
const maxPlaceholderLength = 24;
/** An unfinished placeholder at the end of the text received so far. */
const placeholderStart = /\[[A-Z]*(?:_\d*)?$/;

export interface StreamingRestorer {
  /** Takes the next chunk of the reply; returns the text that can be shown now, placeholders restored. */
  push(chunk: string): string;
  /** The end of the reply: returns whatever was held back. */
  flush(): string;
}

/**
 * Restores placeholders in a streamed reply, where a placeholder can arrive split across chunks
 * ("[EM", "AIL_", "1] wrote"). Text that could still be the start of a placeholder is held back until
 * the next chunk settles it; everything else is passed on at once, so the stream is not slowed.
 */
export function createStreamingRestorer(restorations: Restorations): StreamingRestorer {
  let pending = '';
  return {
    push(chunk) {
      if (restorations.size === 0) return chunk;
      pending += chunk;
      const open = pending.lastIndexOf('[');
      const tail = open === -1 ? '' : pending.slice(open);
      const holdBack = tail.length > 0 && tail.length <= maxPlaceholderLength && placeholderStart.test(tail);
      const ready = holdBack ? pending.slice(0, open) : pending;
      pending = holdBack ? tail : '';
      return restorePlaceholders(ready, restorations);
    },
    flush() {
      const rest = pending;
      pending = '';
      return restorePlaceholders(rest, restorations);
    },
  };
}
