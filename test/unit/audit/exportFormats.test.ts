import { describe, expect, it } from 'vitest';
import { jsonLine, syslogLine } from '../../../electron/core/audit/exportFormats.js';
import type { AuditEntry } from '../../../electron/shared/audit.js';

const hash = 'ab'.repeat(32);
const entry: AuditEntry = { seq: 42, at: Date.UTC(2026, 4, 4, 9, 12, 3, 114), type: 'model.imported', actor: 'app', details: { modelId: 'm1', bytes: 10 }, hash };

describe('audit export formats', () => {
  it('writes an RFC 5424 line: auth.notice, UTC time, the type as MSGID, the details as JSON', () => {
    expect(syslogLine(entry, 'lab-7.example.org')).toBe(
      `<37>1 2026-05-04T09:12:03.114Z lab-7.example.org enclave - model.imported [enclave@32473 seq="42" actor="app" hash="${hash}"] {"modelId":"m1","bytes":10}`,
    );
  });

  it('escapes what RFC 5424 says to in a PARAM-VALUE and keeps every message on one ASCII line', () => {
    const odd = { ...entry, actor: 'api:a"b\\c]d\ne', details: { name: 'Café ☕ \u2028' } };
    const line = syslogLine(odd, 'host name\twith spaces');
    expect(line).toContain(' host_name_with_spaces enclave ');
    expect(line).toContain('actor="api:a\\"b\\\\c\\]d\uFFFDe"');
    expect(line.endsWith(' {"name":"Caf\\u00e9 \\u2615 \\u2028"}')).toBe(true);
    expect(line).not.toMatch(/\n/);
    expect(JSON.parse(line.slice(line.lastIndexOf('] ') + 2))).toEqual(odd.details);
  });

  it('writes the NILVALUE for an empty host or a time no four-digit year can hold', () => {
    const line = syslogLine({ ...entry, at: 8.64e15 }, '');
    expect(line.startsWith('<37>1 - - enclave - model.imported ')).toBe(true);
  });

  it('writes a JSON line with the entry and its seal', () => {
    expect(JSON.parse(jsonLine(entry, 'cd'.repeat(32)))).toEqual({ ...entry, seal: 'cd'.repeat(32) });
    expect(JSON.parse(jsonLine(entry, null))).toMatchObject({ seal: null });
  });
});
