import { describe, expect, it } from 'vitest';
import { createDlpScanner } from '../../../electron/core/dlp/index.js';
import type { DlpDetector } from '../../../electron/shared/policy.js';

const scanner = createDlpScanner({
  customTerms: ['Project Falcon', 'Orion', 'Zürich Desk'],
  medicalRecordNumberPatterns: [String.raw`\bMRN[- ]?\d{6,10}\b`, String.raw`\bPT-[A-Z]{2}\d{5}\b`],
});

/** The values found in `text`, as `detector: value`. */
function found(text: string): string[] {
  return scanner.scan(text).map((finding) => `${finding.detector}: ${finding.text}`);
}

/** Each sample alone in a sentence must be found as exactly itself, by `detector`. */
function expectFound(detector: DlpDetector, samples: string[]): void {
  for (const sample of samples) {
    expect(found(`Note: ${sample} (end).`), sample).toEqual([`${detector}: ${sample}`]);
  }
}

function expectNothing(samples: string[]): void {
  for (const sample of samples) expect(found(`Note ${sample} here.`), sample).toEqual([]);
}

describe('DLP detectors', () => {
  it('finds e-mail addresses, not things with an @ that are not', () => {
    expectFound('email', ['jane.doe@example.com', 'j_d+tag@mail.example.co.uk', 'X%Y@sub-domain.example.org']);
    expect(found('Write to ops@example.com.')).toEqual(['email: ops@example.com']);
    expectNothing(['@mention', 'a@b', 'me@localhost', 'user@example.c', 'user@-bad.example', 'price @ 5.00']);
  });

  it('finds phone numbers in international and national formats', () => {
    expectFound('phone', [
      '+44 20 7946 0958',
      '+1 (555) 123-4567',
      '+1-555-123-4567',
      '+33 1 23 45 67 89',
      '+14155552671',
      '(555) 123-4567',
      '555-123-4567',
      '555.123.4567',
      '555 123 4567',
      '020 7946 0958',
      '07700 900123',
      '030/1234567',
      '(020) 7946 0958',
      '01 23 45 67 89',
    ]);
  });

  it('does not read plain long numbers, dates, times, amounts or versions as phone numbers', () => {
    expectNothing([
      '12345678901',
      '5551234567',
      'order 0012345',
      '2024-01-15',
      '15.01.2024',
      '01/15/2024',
      '10:30:45',
      '1,234,567',
      'in 1999 2000 2001',
      'version 1.2.3',
      '+1 2',
      '+12345678901234567',
    ]);
  });

  it('finds SSNs the SSA could have issued', () => {
    expectFound('ssn', ['123-45-6789', '078-05-1120', '123 45 6789']);
    expect(found('SSN: 123456789')).toEqual(['ssn: 123456789']);
    expect(found('social security number 123456789')).toEqual(['ssn: 123456789']);
  });

  it('skips the SSN ranges never issued, and bare nine digits without a cue', () => {
    expectNothing(['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000', '123456789', '1-123-45-6789', '123-45-67890']);
    expect(found('SSN: 000123456')).toEqual([]);
  });

  it('finds card numbers that pass the Luhn check, with spaces, dashes or none', () => {
    expectFound('creditCard', ['4111 1111 1111 1111', '4111-1111-1111-1111', '5500000000000004', '378282246310005', '3782 822463 10005', '6011111111111117']);
    expect(found('paid in 2019 4111 1111 1111 1111 at once')).toEqual(['creditCard: 4111 1111 1111 1111']);
  });

  it('rejects card-shaped numbers that fail the Luhn check or are not written as cards', () => {
    expectNothing(['4111 1111 1111 1112', '5500000000000005', '1111 1111 1111 1117', '4111 1111-1111 1111', '41111111111111111111111']);
  });

  it('finds IBANs with the right length and checksum, grouped or not', () => {
    expectFound('iban', ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'GB82WEST12345698765432', 'NO9386011117947', 'FR1420041010050500013M02606']);
    expect(found('IBAN DE89 3704 0044 0532 0130 00 EUR')).toEqual(['iban: DE89 3704 0044 0532 0130 00']);
  });

  it('rejects IBANs with a wrong checksum, length or country', () => {
    expectNothing(['DE89 3704 0044 0532 0130 01', 'DE88370400440532013000', 'DE8937040044053201300', 'DE893704004405320130001', 'XX89370400440532013000']);
  });

  it('finds IPv4 and IPv6 addresses', () => {
    expectFound('ipAddress', ['192.168.1.1', '10.0.0.255', '8.8.8.8', 'fe80::1', '2001:db8::8a2e:370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::1', '::ffff:192.168.1.1']);
    expect(found('host:2001:db8::1 answered')).toEqual(['ipAddress: 2001:db8::1']);
  });

  it('rejects what only looks like an address', () => {
    expectNothing(['10.0.0.256', '1.2.3', 'version 1.2.3.4.5', '12:30:45', '00:1A:2B:3C:4D:5E', 'std::vector', 'a ::', '1:2:3:4:5:6:7:8:9']);
  });

  it('finds a date of birth only near a cue', () => {
    expect(found('DOB: 03/14/1962')).toEqual(['dateOfBirth: 03/14/1962']);
    expect(found('D.O.B. 1962-03-14')).toEqual(['dateOfBirth: 1962-03-14']);
    expect(found('Date of birth is March 5, 1975.')).toEqual(['dateOfBirth: March 5, 1975']);
    expect(found('She was born in Leeds on 3 May 1980.')).toEqual(['dateOfBirth: 3 May 1980']);
    expect(found('birthday: 5th of June 1990')).toEqual(['dateOfBirth: 5th of June 1990']);
    expect(found('The meeting is on 03/14/1962 in room 4.')).toEqual([]);
    expect(found('DOB unknown.\nThe visit was on 03/14/2020.')).toEqual([]);
    expect(found('Born in a small village far away from the city, on 3 May 1980.')).toEqual([]);
    expect(found('DOB: 45/45/1962')).toEqual([]);
  });

  it('finds custom terms case-insensitively, as whole words, across whitespace or joined', () => {
    expect(found('The project falcon budget')).toEqual(['customTerm: project falcon']);
    expect(found('PROJECT\n  FALCON and Orion.')).toEqual(['customTerm: PROJECT\n  FALCON', 'customTerm: Orion']);
    expect(found('zürich desk')).toEqual(['customTerm: zürich desk']);
    expect(found('The projectfalcon budget')).toEqual(['customTerm: projectfalcon']);
    expectNothing(['Orionids', 'Falcon', 'subprojectfalcon', 'Orion_2', 'ÜOrion', 'Orionß']);
  });

  it('finds medical record numbers by the policy patterns only', () => {
    expect(found('MRN-00482913 and MRN 1234567 and PT-AB12345')).toEqual([
      'medicalRecordNumber: MRN-00482913',
      'medicalRecordNumber: MRN 1234567',
      'medicalRecordNumber: PT-AB12345',
    ]);
    expect(createDlpScanner().scan('MRN-00482913')).toEqual([]);
  });

  it('reports offsets into the text', () => {
    const text = 'Hi jane@example.com, call 555-123-4567.';
    for (const finding of scanner.scan(text)) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    expect(scanner.scan(text).map((finding) => finding.start)).toEqual([3, 26]);
  });

  it('merges overlapping findings into one span that remembers every detector', () => {
    const terms = createDlpScanner({ customTerms: ['falcon'] });
    expect(terms.scan('mail falcon@example.com now')).toEqual([
      { detector: 'email', start: 5, end: 23, text: 'falcon@example.com', alsoDetected: ['customTerm'] },
    ]);
  });

  it('scans pathological input in linear time (no catastrophic backtracking)', () => {
    const inputs = ['1 '.repeat(200_000), '+1'.repeat(100_000), 'a@'.repeat(100_000), ':a'.repeat(100_000), 'AB12'.repeat(50_000), '0/'.repeat(100_000), 'DOB '.repeat(50_000)];
    for (const input of inputs) expect(() => scanner.scan(input)).not.toThrow();
  });
});
