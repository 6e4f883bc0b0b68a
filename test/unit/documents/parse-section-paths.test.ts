import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../../electron/core/documents/parse/html.js';
import { type RawSection } from '../../../electron/core/documents/parse/types.js';

/** The HTML as the text decoder hands it over: an async stream, here of one piece. */
async function* once(text: string): AsyncGenerator<string> {
  yield await Promise.resolve(text);
}

async function sections(html: string): Promise<RawSection[]> {
  const all: RawSection[] = [];
  for await (const section of extractHtml(once(html))) all.push(section);
  return all;
}

describe('HTML section paths', () => {
  it('leaves out Sphinx heading icons (Private Use Area glyphs) and permalink pilcrows', async () => {
    // As Sphinx with the Read the Docs theme writes headings: an icon font glyph and a "¶" permalink.
    const html =
      '<h1>Installation<a class="headerlink" href="#installation" title="Link to this heading">\uf0c1</a></h1><p>Run the installer.</p>' +
      '<h2>\uf05a Upgrading<a class="headerlink" href="#upgrading">¶</a></h2><p>Back up first.</p>';
    const paths = (await sections(html)).map((section) => section.section);
    expect(paths).toEqual(['Installation', 'Installation > Upgrading']);
  });
});
