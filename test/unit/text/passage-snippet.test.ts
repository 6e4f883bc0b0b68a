import { describe, expect, it } from 'vitest';
import { bestMatchingSentence } from '../../../electron/shared/passageSnippet.js';

/** A chunk as chunking cuts it: it starts in the middle of a sentence of the Apache License. */
const licenceChunk =
  'by reason of your accepting any such warranty or additional liability. END OF TERMS AND CONDITIONS. ' +
  'Each Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free, irrevocable patent license ' +
  'to make, have made, use, offer to sell, sell, import, and otherwise transfer the Work. ' +
  'If You institute patent litigation against any entity, then any patent licenses granted to You under this License for that Work shall terminate.';

describe('the sentence a source quotes', () => {
  it('is the one holding most of the question\'s words, not the chunk\'s first words', () => {
    expect(bestMatchingSentence(licenceChunk, 'When does the patent license terminate?')).toBe(
      'If You institute patent litigation against any entity, then any patent licenses granted to You under this License for that Work shall terminate.',
    );
    expect(bestMatchingSentence(licenceChunk, 'What patent rights does each contributor grant?')).toMatch(/^Each Contributor hereby grants/);
  });

  it('matches other forms of a word, ignores words that carry no meaning, and falls back to the first sentence', () => {
    const notice = 'The tenant pays rent monthly. Either party may end the lease. Termination requires ninety days notice in writing.';
    expect(bestMatchingSentence(notice, 'How do I terminate it?')).toBe('Termination requires ninety days notice in writing.');
    expect(bestMatchingSentence(notice, 'What is the?')).toBe('The tenant pays rent monthly.');
    expect(bestMatchingSentence(notice, 'zebra')).toBe('The tenant pays rent monthly.');
  });

  it('splits after a heading line, but not inside a wrapped sentence', () => {
    expect(bestMatchingSentence('Section 3: Termination\nThe termination clause requires ninety days notice.', 'What notice does termination require?')).toBe(
      'The termination clause requires ninety days notice.',
    );
    expect(bestMatchingSentence('The supplier shall deliver the goods\nto the buyer on time. Prices are fixed.', 'deliver goods')).toBe(
      'The supplier shall deliver the goods\nto the buyer on time.',
    );
  });

  it('splits at list items and blank lines, and shortens a very long sentence at a word', () => {
    const list = 'Obligations of the supplier:\n- deliver the goods on time\n- insure the goods in transit';
    expect(bestMatchingSentence(list, 'Who insures goods in transit?')).toBe('- insure the goods in transit');
    const long = `${'word '.repeat(100)}needle`;
    const snippet = bestMatchingSentence(long, 'word');
    expect(snippet.length).toBeLessThanOrEqual(321);
    expect(snippet.endsWith('…')).toBe(true);
  });

  it('reads text in any script (words are letters and digits of every alphabet)', () => {
    expect(bestMatchingSentence('Der Mieter zahlt monatlich. Die Kündigung erfordert neunzig Tage.', 'Kündigung Frist?')).toBe('Die Kündigung erfordert neunzig Tage.');
  });
});
