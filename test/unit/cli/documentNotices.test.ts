import { describe, expect, it } from 'vitest';
import { outcomeText } from '../../../electron/cli/documentText.js';

describe('the CLI says a document\'s notices under its import outcome', () => {
  it('lists each notice on its own indented line, and nothing for a document without any', () => {
    const indexed = { filePath: '/nowhere/fax.pdf', status: 'indexed', documentId: 'd1', chunkCount: 3 } as const;
    expect(outcomeText(indexed, 'Faxes', new Map())).toBe('/nowhere/fax.pdf: indexed, 3 chunks');
    expect(outcomeText({ ...indexed, notices: [] }, 'Faxes', new Map())).toBe('/nowhere/fax.pdf: indexed, 3 chunks');
    expect(outcomeText({ ...indexed, notices: ['Its owner restricts copying its text.', 'pages 6-40: no text found'] }, 'Faxes', new Map())).toBe(
      '/nowhere/fax.pdf: indexed, 3 chunks\n  note: Its owner restricts copying its text.\n  note: pages 6-40: no text found',
    );
  });
});
