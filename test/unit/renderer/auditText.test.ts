import { describe, expect, it } from 'vitest';
import { type AuditVerification, auditEventGroups, auditEventTypes } from '../../../electron/shared/audit.js';
import { auditGroupLabels, describeEventType } from '../../../renderer/src/features/audit/auditLabels.js';
import {
  checkpointText,
  dayRange,
  describeVerification,
  detailValue,
  exportedText,
  forwardingText,
  shortHash,
} from '../../../renderer/src/features/audit/auditText.js';

/**
 * The words of the Audit view: a verification's result, a detail's value, the days of the filter, and
 * what an export or a checkpoint did. The view itself is tested in test/e2e/audit.e2e.test.ts.
 */
function verification(overrides: Partial<AuditVerification> = {}): AuditVerification {
  return { ok: true, entries: 1234, firstSeq: 1, lastSeq: 1234, sealed: true, firstBad: null, checkpoint: 'not-given', ...overrides };
}

describe('a verification in words', () => {
  it('says how many entries verify, from which to which, and that seals were checked', () => {
    expect(describeVerification(verification())).toEqual({
      ok: true,
      summary: 'The trail holds 1,234 entries (1 to 1,234) and verifies: no entry was edited, removed, inserted or reordered; seals checked.',
      notes: [],
    });
  });

  it('says when older entries were pruned, and one entry in the singular', () => {
    expect(describeVerification(verification({ entries: 1, firstSeq: 1001, lastSeq: 1001 })).summary).toBe(
      'The trail holds 1 entry (1,001 to 1,001; older entries were pruned) and verifies: no entry was edited, removed, inserted or reordered; seals checked.',
    );
  });

  it('names the first entry that does not hold, why, and which entries before it verify', () => {
    const words = describeVerification(
      verification({ ok: false, entries: 57, lastSeq: 56, firstBad: { seq: 57, reason: 'its content was changed after it was written' } }),
    );
    expect(words.ok).toBe(false);
    expect(words.summary).toBe('Entry 57 does not hold: its content was changed after it was written. Entries 1 to 56 before it verify.');
    expect(words.notes[0]).toContain('enclave audit verify');
  });

  it('does not count the bad entry among those before it (a head whose seal does not match)', () => {
    const words = describeVerification(
      verification({ ok: false, lastSeq: 1234, firstBad: { seq: 1234, reason: "the head's seal does not match" } }),
    );
    expect(words.summary).toContain('Entries 1 to 1,233 before it verify.');
  });

  it('says when nothing before the bad entry was left to check, or only one entry', () => {
    expect(describeVerification(verification({ ok: false, entries: 0, firstSeq: null, lastSeq: null, firstBad: { seq: 1, reason: 'x' } })).summary).toBe(
      'Entry 1 does not hold: x. No entry before it was left to check.',
    );
    expect(describeVerification(verification({ ok: false, entries: 2, lastSeq: 1, firstBad: { seq: 2, reason: 'x' } })).summary).toContain(
      'Entry 1 before it verifies.',
    );
  });

  it('says that an unsealed trail (a plain database) was checked as a hash chain only, and how to seal it', () => {
    const words = describeVerification(verification({ sealed: false }));
    expect(words.summary).not.toContain('seals checked');
    expect(words.notes).toEqual([expect.stringContaining('The trail is not sealed, as the database is not encrypted')]);
    expect(words.notes[0]).toContain('Settings › Data');
  });

  it('says an empty trail holds nothing yet', () => {
    expect(describeVerification(verification({ entries: 0, firstSeq: null, lastSeq: null })).summary).toBe('The trail holds no entries yet.');
  });
});

describe('a detail in words', () => {
  it('shows values as stored: identifiers, hashes and counts, with flags and nothing said plainly', () => {
    expect(detailValue('m-1')).toBe('m-1');
    expect(detailValue(1048576)).toBe('1048576');
    expect(detailValue(true)).toBe('yes');
    expect(detailValue(false)).toBe('no');
    expect(detailValue(null)).toBe('none');
    expect(detailValue({ email: 2, phone: 1 })).toBe('email 2, phone 1');
    expect(detailValue({})).toBe('none');
  });
});

describe('the days of the filter', () => {
  it('runs from the start of the first local day to the last millisecond of the last', () => {
    expect(dayRange('2026-03-09', '2026-03-10')).toEqual({
      range: { since: new Date(2026, 2, 9).getTime(), until: new Date(2026, 2, 11).getTime() - 1 },
    });
    expect(dayRange('', '')).toEqual({ range: {} });
    expect(dayRange('2026-03-09', '')).toEqual({ range: { since: new Date(2026, 2, 9).getTime() } });
  });

  it('refuses a "to" day before the "from" day, and takes one day as both', () => {
    expect(dayRange('2026-03-10', '2026-03-09')).toEqual({ problem: expect.stringContaining('before the “from” date') });
    expect('range' in dayRange('2026-03-09', '2026-03-09')).toBe(true);
  });
});

describe('what an export or a checkpoint did', () => {
  it('says how many entries went to which file', () => {
    expect(exportedText({ path: '/home/ana/enclave-audit.jsonl', entries: 1234 })).toBe('Exported 1,234 entries to /home/ana/enclave-audit.jsonl.');
    expect(exportedText({ path: '/tmp/a.log', entries: 0 })).toBe('Exported no entries (none match the filters) to /tmp/a.log.');
  });

  it('names the head a checkpoint vouches for, by number and short hash, and says when it is not signed', () => {
    const hash = 'ab'.repeat(32);
    const checkpoint = { format: 'enclave-audit-checkpoint', version: 1, seq: 1234, hash, at: 0, signature: null } as const;
    const text = checkpointText({ path: '/tmp/c.json', checkpoint });
    expect(text).toContain(`Saved a checkpoint at entry 1,234 (hash ${shortHash(hash)}) to /tmp/c.json.`);
    expect(shortHash(hash)).toBe('abababababab…');
    expect(text).toContain('It is not signed');
    expect(checkpointText({ path: '/tmp/c.json', checkpoint: { ...checkpoint, signature: 'cd'.repeat(32) } })).not.toContain('not signed');
  });
});

describe('the labels', () => {
  it('has words for every group and type, and shows a type it does not know as stored', () => {
    expect(auditEventGroups).toContain('model');
    for (const group of auditEventGroups) expect(auditGroupLabels[group]).toBeTruthy();
    for (const type of auditEventTypes) expect(describeEventType(type)).not.toBe(type);
    expect(describeEventType('future.thing')).toBe('future.thing');
    expect(describeEventType('toString')).toBe('toString');
  });
});

describe('forwarding to the policy\'s syslog collector, in words', () => {
  const status = { collector: 'tls://siem.example:6514', deliveredSeq: 0, deliveredAt: null, waiting: 0, lastAttemptAt: null, lastError: null };

  it('says what the collector confirmed, what waits, and why the last attempt failed', () => {
    expect(forwardingText(status)).toBe('It has confirmed no entry yet.');
    expect(forwardingText({ ...status, deliveredSeq: 41, deliveredAt: Date.UTC(2026, 11, 3, 9, 30), waiting: 1 })).toMatch(
      /^It confirmed every entry up to number 41 \(.+\)\. 1 entry waits here until it takes them; none is dropped\.$/,
    );
    expect(forwardingText({ ...status, waiting: 12, lastError: 'tls://siem.example:6514: connection refused' })).toBe(
      'It has confirmed no entry yet. 12 entries wait here until it takes them; none is dropped. The last attempt failed: tls://siem.example:6514: connection refused.',
    );
  });
});
