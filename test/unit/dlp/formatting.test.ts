import { describe, expect, it } from 'vitest';
import { checkOutgoingTexts, createDlpScanner, redactTexts, restorePlaceholders } from '../../../electron/core/dlp/index.js';
import { policySchema } from '../../../electron/shared/policy.js';
import type { DlpDetector } from '../../../electron/shared/policy.js';

const scanner = createDlpScanner({ customTerms: ['Project Falcon', 'Orion'], medicalRecordNumberPatterns: [String.raw`\bMRN-\d{8}\b`] });

/** Each value, alone in a sentence, is found by `detector` as exactly itself (the whole original span). */
function expectFound(detector: DlpDetector, values: readonly string[]): void {
  for (const value of values) {
    const text = `Note: ${value} (end).`;
    const findings = scanner.scan(text);
    expect(
      findings.map((finding) => [finding.detector, finding.text]),
      JSON.stringify(value),
    ).toEqual([[detector, value]]);
    expect(findings[0]!.start).toBe(6);
  }
}

function expectNothing(texts: readonly string[]): void {
  for (const text of texts) expect(scanner.scan(text).map((finding) => `${finding.detector}: ${finding.text}`), text).toEqual([]);
}

describe('values written with other separators', () => {
  it('finds SSNs with dots, slashes, any dash, any space, double spaces and a line break', () => {
    expectFound('ssn', ['123.45.6789', '123/45/6789', '123–45–6789', '123—45—6789', '123−45−6789', '123‑45‑6789', '123\u00A045\u00A06789', '123\u202F45\u202F6789', '123  45  6789', '123\t45\t6789', '123 - 45 - 6789', '123-45-\n6789', '123 45\r\n6789']);
  });

  it('finds card numbers in groups with any one kind of separator', () => {
    expectFound('creditCard', ['4111.1111.1111.1111', '4111/1111/1111/1111', '4111–1111–1111–1111', '4111\u00A01111\u00A01111\u00A01111', '4111  1111  1111  1111', '4111 1111\n1111 1111', '3782–822463–10005']);
  });

  it('finds IBANs and phone numbers with other spaces, dashes and line breaks', () => {
    expectFound('iban', ['DE89\u00A03704\u00A00044\u00A00532\u00A00130\u00A000', 'DE89-3704-0044-0532-0130-00', 'DE89  3704  0044  0532  0130  00', 'DE89 3704 0044\n0532 0130 00']);
    expectFound('phone', ['555–123–4567', '555/123/4567', '555  123  4567', '555-123-\n4567', '+44\u00A020\u00A07946\u00A00958', '+44 (0)20 7946 0958', '(555)\u00A0123–4567', '01.23.45.67.89']);
  });
});

describe('values with invisible characters inside', () => {
  it('finds them, and the span covers the invisible characters too', () => {
    expectFound('ssn', ['12\u200B3-45-6789', '123-4\u200D5-6789', '123-45-67\u206089', '123-45-\uFEFF6789', '123-45-67\u00AD89', '123-\u200E45-6789']);
    expectFound('creditCard', ['4111 1\u200B111 1111 1111']);
    expectFound('email', ['john.smith\u200B.doe@example.com', 'jo\u00ADhn@example.com', 'john@exam\u200Cple.com']);
    expectFound('ipAddress', ['192\u200B.168.1.1']);
    expectFound('customTerm', ['Project\u200BFalcon', 'Pro\u00ADject Falcon']);
  });
});

describe('values in other digits', () => {
  it('finds full-width, Arabic-Indic, Devanagari, Thai and mathematical digits', () => {
    expectFound('ssn', ['１２３-４５-６７８９', '١٢٣-٤٥-٦٧٨٩', '۱۲۳-۴۵-۶۷۸۹', '१२३-४५-६७८९', '๑๒๓-๔๕-๖๗๘๙', '𝟏𝟐𝟑-𝟒𝟓-𝟔𝟕𝟖𝟗', '𝟷𝟸𝟹-𝟺𝟻-𝟼𝟽𝟾𝟿']);
    expectFound('creditCard', ['４１１１ １１１１ １１１１ １１１１', '٤١١١ ١١١١ ١١١١ ١١١١']);
    expectFound('phone', ['＋４４ ２０ ７９４６ ０９５８', '٥٥٥-١٢٣-٤٥٦٧']);
    expectFound('ipAddress', ['１９２．１６８．１．１', '١٩٢.١٦٨.١.١']);
    expectFound('iban', ['ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００']);
    expect(scanner.scan('SSN: １２３４５６７８９').map((finding) => finding.text)).toEqual(['１２３４５６７８９']);
    expect(scanner.scan('DOB: ０３/１４/１９６２').map((finding) => finding.text)).toEqual(['０３/１４/１９６２']);
    expect(scanner.scan('see MRN–００４８２９１３').map((finding) => finding.text)).toEqual(['MRN–００４８２９１３']);
  });
});

describe('obfuscated e-mail addresses', () => {
  it('finds [at], (at), spaced and full-width forms, as the whole original span', () => {
    expectFound('email', [
      'john[at]example.com',
      'john(at)example.com',
      'john [at] example [dot] com',
      'john [ at ] example.com',
      'john (at) example (dot) co (dot) uk',
      'john {AT} example.com',
      'john[@]example[.]com',
      'john＠example.com',
      'john﹫example.com',
      'ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ',
    ]);
  });
});

describe('disguised custom terms', () => {
  it('finds a term hyphenated, joined, in look-alike letters, full-width or split by a line break', () => {
    expectFound('customTerm', ['project-falcon', 'projectfalcon', 'PROJECT_FALCON', 'project.falcon', 'Project–Falcon', 'Project\nFalcon', 'Prоject Falcon', 'Project Fаlcon', 'Prοject Falcon', 'ＰＲＯＪＥＣＴ ＦＡＬＣＯＮ', 'Оrion', 'ΟRΙΟΝ']);
  });

  it('still needs whole words', () => {
    expectNothing(['subprojectfalcon', 'project-falconry', 'Orionids', 'Оrionids']);
  });
});

describe('numbers that only look like identifiers', () => {
  it('does not read versions as SSNs, cards, phones or IP addresses', () => {
    expectNothing(['version 1.2.3', 'Windows 10.0.19045', 'build 6.1.7601.17514', 'pip install novas-3.1.1.3', 'requests==2.7.0.1', 'see Section 6.2.4.3 for more', '6.2.4.1. The configuration of exim4', 'kernel 5.10.0-21-amd64']);
  });

  it('does not read ISBNs, dates, times, prices, page ranges or decimals as identifiers', () => {
    expectNothing([
      'ISBN 978-3-16-148410-0',
      'ISBN 0-306-40615-2',
      'ISBN 978 0 596 52068 7',
      'on 2024-01-15 at 10:30',
      'on 15.01.2024 at 10:30:45',
      'on 01/15/2024 10:30',
      'it costs $1,234.56 or 1.234,56 EUR',
      'see pp. 123–145 and 1234–1290',
      'x = 5.666666666666667',
      'Boston, MA 02110-1301, USA',
    ]);
  });

  it('does not read product and order codes as phone numbers or SSNs', () => {
    expectNothing(['SKU 555-123-4567', 'Part no. 555-123-4567', 'Model: 555.123.4567', 'ABC-555-123-4567', 'code 123-45-6789-0', 'A123-45-6789', '100 200 3000', 'order #123 456 7890']);
  });

  it('does not read reStructuredText "::" or C++ names as IPv6 addresses', () => {
    expectNothing(['encoded in UTF-8::', 'the best value for N is 56::', 'it should be::', 'std::vector']);
  });
});

describe('redacting formatted values', () => {
  const policy = policySchema.parse({ dlp: { actions: { email: 'redact', ssn: 'redact', customTerm: 'redact', creditCard: 'redact' }, customTerms: ['Project Falcon'] } }).dlp;
  const check = (...texts: string[]) => checkOutgoingTexts(texts, policy, createDlpScanner(policy));

  it('replaces an address with a zero-width space inside as a whole, leaving no part of it', () => {
    const { texts, restorations } = check('Mail john.smith\u200B.doe@example.com today.');
    expect(texts).toEqual(['Mail [EMAIL_1] today.']);
    expect(texts[0]).not.toMatch(/john|smith|doe|example|\u200B/);
    expect(restorePlaceholders('Wrote to [EMAIL_1].', restorations)).toBe('Wrote to john.smith\u200B.doe@example.com.');
  });

  it('replaces obfuscated and full-width values whole, spaces around "[at]" included', () => {
    expect(check('Mail john [at] example [dot] com, SSN １２３–４５–６７８９.').texts).toEqual(['Mail [EMAIL_1], SSN [SSN_1].']);
  });

  it('gives one value the same placeholder however it is written', () => {
    const { texts, restorations } = check('SSN 123-45-6789 and ١٢٣-٤٥-٦٧٨٩', 'john@example.com, JOHN[at]example.com', 'Project Falcon, projectfalcon, Prоject Falcon', 'card 4111 1111 1111 1111 or ４１１１.１１１１.１１１１.１１１１');
    expect(texts).toEqual(['SSN [SSN_1] and [SSN_1]', '[EMAIL_1], [EMAIL_1]', '[TERM_1], [TERM_1], [TERM_1]', 'card [CARD_1] or [CARD_1]']);
    expect(restorations.get('[SSN_1]')).toBe('123-45-6789');
  });

  it('gives two values in other digits two placeholders (the key is the value, not its shape)', () => {
    const two = 'SSN １２３-４５-６７８９ or ２１９-０９-９９９９';
    expect(redactTexts([two], [scanner.scan(two)]).texts).toEqual(['SSN [SSN_1] or [SSN_2]']);
  });
});
