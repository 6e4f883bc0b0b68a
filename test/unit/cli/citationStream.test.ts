import { describe, expect, it } from 'vitest';
import { CitationStream } from '../../../electron/cli/citationStream.js';
import { resolveCitations } from '../../../electron/core/chat/citations.js';

/** What a terminal shows when `reply` streams in pieces of `size` characters. */
function streamed(reply: string, sourceCount: number, size: number): string {
  const stream = new CitationStream(sourceCount);
  let printed = '';
  for (let start = 0; start < reply.length; start += size) printed += stream.push(reply.slice(start, start + size));
  return printed + stream.end();
}

const replies: [reply: string, sourceCount: number][] = [
  ['The clause requires ninety days notice [1]. See also [2, 3] and [9].', 3],
  ['Code `arr[5]` and ```\nx[7] = [1]\n``` then [7] end', 2],
  ['[1,2] cited together, [12] not given, [1, 9] half given.', 2],
  ['[4] first, then text [4][1] and a tab\t[5]\tgap', 1],
  ['An unclosed [1 bracket and a `lone backtick', 1],
  ['a `b\n[9]` c', 1],
  ['No sources were given, so [1] and [2] go.', 0],
  ['Arrays like [a, b] and links [here](x) stay [1]', 1],
];

describe('a grounded reply streamed to a terminal', () => {
  it.each(replies)('prints what core stores, whatever the pieces it arrives in: %s', (reply, sourceCount) => {
    const stored = resolveCitations(reply, sourceCount).text;
    for (const size of [1, 2, 3, 5, 8, reply.length]) expect(streamed(reply, sourceCount, size)).toBe(stored);
  });

  it('holds back only what may still be a citation or a code fence', () => {
    const stream = new CitationStream(2);
    expect(stream.push('Notice is required [')).toBe('Notice is required');
    expect(stream.push('1')).toBe('');
    expect(stream.push('] by ')).toBe(' [1] by');
    expect(stream.push('clause ``')).toBe(' clause');
    expect(stream.push('`x[3]``')).toBe(' ```x[3]');
    expect(stream.push('` done')).toBe('``` done');
    expect(stream.end()).toBe('');
  });
});
