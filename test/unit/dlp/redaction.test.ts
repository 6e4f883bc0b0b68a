import { describe, expect, it } from 'vitest';
import { createDlpScanner, createStreamingRestorer, redactTexts, restorePlaceholders } from '../../../electron/core/dlp/index.js';

const scanner = createDlpScanner({ customTerms: ['Project Falcon'] });

function redact(...texts: string[]) {
  return redactTexts(texts, texts.map((text) => scanner.scan(text)));
}

/** Feeds `reply` to a streaming restorer in the given chunk sizes and returns what it let through. */
function streamRestore(reply: string, restorations: ReadonlyMap<string, string>, chunkSizes: number[]): { shown: string[]; text: string } {
  const restorer = createStreamingRestorer(restorations);
  const shown: string[] = [];
  let position = 0;
  for (let index = 0; position < reply.length; index++) {
    const size = chunkSizes[index % chunkSizes.length]!;
    shown.push(restorer.push(reply.slice(position, position + size)));
    position += size;
  }
  shown.push(restorer.flush());
  return { shown, text: shown.join('') };
}

describe('reversible redaction', () => {
  it('replaces each finding with a numbered placeholder per kind', () => {
    const { texts, restorations } = redact('Mail jane@example.com or john@example.com, call 555-123-4567 about Project Falcon.');
    expect(texts).toEqual(['Mail [EMAIL_1] or [EMAIL_2], call [PHONE_1] about [TERM_1].']);
    expect([...restorations]).toEqual([
      ['[EMAIL_1]', 'jane@example.com'],
      ['[EMAIL_2]', 'john@example.com'],
      ['[PHONE_1]', '555-123-4567'],
      ['[TERM_1]', 'Project Falcon'],
    ]);
  });

  it('gives the same value the same placeholder across prompt, history and passages', () => {
    const { texts, restorations } = redact(
      'Earlier: write to Jane@Example.com',
      'Passage: card 4111-1111-1111-1111, contact jane@example.com',
      'Prompt: is jane@example.com the owner of 4111 1111 1111 1111? And project  falcon?',
    );
    expect(texts).toEqual([
      'Earlier: write to [EMAIL_1]',
      'Passage: card [CARD_1], contact [EMAIL_1]',
      'Prompt: is [EMAIL_1] the owner of [CARD_1]? And [TERM_1]?',
    ]);
    expect(restorations.size).toBe(3);
    expect(restorations.get('[EMAIL_1]')).toBe('Jane@Example.com');
  });

  it('restores the placeholders in a reply, and leaves unknown ones alone', () => {
    const { restorations } = redact('jane@example.com and 555-123-4567');
    expect(restorePlaceholders('Reply to [EMAIL_1] or call [PHONE_1]; [EMAIL_9] and [email_1] are not ours.', restorations)).toBe(
      'Reply to jane@example.com or call 555-123-4567; [EMAIL_9] and [email_1] are not ours.',
    );
  });

  it('round-trips: redact, then restore, gives back the original texts', () => {
    const originals = ['Patient DOB: 03/14/1962, SSN 078-05-1120, IBAN DE89 3704 0044 0532 0130 00, at 10.0.0.7 [see notes]'];
    const { texts, restorations } = redact(...originals);
    expect(texts[0]).not.toMatch(/1962|078-05|DE89|10\.0\.0\.7/);
    expect(texts.map((text) => restorePlaceholders(text, restorations))).toEqual(originals);
  });

  it('skips placeholders the user already wrote, so restoring never changes their text', () => {
    const { texts, restorations } = redact('My template says [EMAIL_1]; the real one is jane@example.com');
    expect(texts).toEqual(['My template says [EMAIL_1]; the real one is [EMAIL_2]']);
    expect(restorePlaceholders(texts[0]!, restorations)).toBe('My template says [EMAIL_1]; the real one is jane@example.com');
  });
});

describe('restoring a streamed reply', () => {
  const { restorations } = redact('jane@example.com, 555-123-4567, 4111 1111 1111 1111');
  const reply = 'Dear [EMAIL_1], we called [PHONE_1] [twice] about card [CARD_1]. [EMAIL_1] [';
  const expected = 'Dear jane@example.com, we called 555-123-4567 [twice] about card 4111 1111 1111 1111. jane@example.com [';

  it.each([[[1]], [[2]], [[3]], [[5]], [[7, 1, 2]], [[reply.length]]])('restores placeholders split across chunks of %j characters', (sizes) => {
    expect(streamRestore(reply, restorations, sizes).text).toBe(expected);
  });

  it('holds back only what may still be a placeholder', () => {
    const restorer = createStreamingRestorer(restorations);
    expect(restorer.push('Hello [EM')).toBe('Hello ');
    expect(restorer.push('AIL_')).toBe('');
    expect(restorer.push('1] and [x')).toBe('jane@example.com and [x');
    expect(restorer.push(' [PHONE_1')).toBe(' ');
    expect(restorer.push('2]')).toBe('[PHONE_12]');
    expect(restorer.push('[')).toBe('');
    expect(restorer.flush()).toBe('[');
  });

  it('passes chunks through untouched when nothing was redacted', () => {
    const restorer = createStreamingRestorer(new Map());
    expect(restorer.push('a [EM')).toBe('a [EM');
    expect(restorer.flush()).toBe('');
  });
});
