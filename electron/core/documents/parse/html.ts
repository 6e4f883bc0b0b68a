import { decodeHtmlEntities } from './htmlEntities.js';
import { hardSectionLength, softSectionLength } from './textChunks.js';
import { type RawSection } from './types.js';

/** Elements whose content is never text for the reader. */
const skippedElements = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'object']);
const lineBreakElements = new Set(['br', 'tr', 'li', 'dt', 'dd', 'option']);
const paragraphElements = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside', 'blockquote', 'pre',
  'table', 'thead', 'tbody', 'ul', 'ol', 'dl', 'hr', 'figure', 'figcaption', 'form', 'fieldset',
  'address', 'details', 'summary', 'caption', 'body', 'html',
]);
const cellElements = new Set(['td', 'th']);
const tagPattern = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/y;
/** An unclosed "<" this far from the end of the data is text, not a tag still being read. */
const maxTagLength = 64 * 1024;

/**
 * HTML as text, in sections that follow its h1-h6 headings (`section` is the heading path). Tags are
 * removed, script/style content dropped, entities decoded, whitespace collapsed, and block elements
 * become line or paragraph breaks. Streams: only the unfinished tail of the input is held.
 */
export async function* extractHtml(html: AsyncIterable<string>): AsyncGenerator<RawSection> {
  const assembler = new SectionAssembler();
  let buffer = '';
  let skipping: string | null = null;

  const consume = function* (final: boolean): Generator<RawSection> {
    let position = 0;
    while (position < buffer.length) {
      if (skipping !== null) {
        const closing = new RegExp(`</${skipping}[\\s>/]`, 'gi');
        closing.lastIndex = position;
        const found = closing.exec(buffer);
        if (found === null) {
          position = final ? buffer.length : Math.max(position, buffer.length - skipping.length - 3);
          break;
        }
        position = found.index;
        skipping = null;
      }
      const lessThan = buffer.indexOf('<', position);
      const textEnd = lessThan === -1 ? buffer.length : lessThan;
      if (textEnd > position) {
        // Hold back a possibly cut entity ("&am") at the very end until more data arrives.
        const ampersand = lessThan === -1 && !final ? buffer.lastIndexOf('&', textEnd) : -1;
        const cut = ampersand > position && textEnd - ampersand < 40 && !buffer.includes(';', ampersand) ? ampersand : textEnd;
        yield* assembler.text(decodeHtmlEntities(buffer.slice(position, cut)));
        position = cut;
        if (cut < textEnd) break;
      }
      if (lessThan === -1) break;
      const markup = readMarkup(buffer, lessThan, final);
      if (markup === 'incomplete') break;
      if (markup === 'text') {
        yield* assembler.text('<');
        position = lessThan + 1;
        continue;
      }
      position = markup.end;
      if (markup.name === null) continue;
      if (!markup.closing && skippedElements.has(markup.name) && !markup.selfClosing) skipping = markup.name;
      else yield* assembler.element(markup.name, markup.closing);
    }
    buffer = buffer.slice(position);
  };

  for await (const piece of html) {
    buffer += piece;
    yield* consume(false);
  }
  yield* consume(true);
  yield* assembler.finish();
}

type Markup = { end: number; name: string | null; closing: boolean; selfClosing: boolean } | 'incomplete' | 'text';

function readMarkup(buffer: string, start: number, final: boolean): Markup {
  const unfinished = (): Markup => (!final && buffer.length - start < maxTagLength ? 'incomplete' : 'text');
  if (buffer.startsWith('<!--', start)) {
    const end = buffer.indexOf('-->', start + 4);
    if (end === -1) return final ? { end: buffer.length, name: null, closing: false, selfClosing: false } : 'incomplete';
    return { end: end + 3, name: null, closing: false, selfClosing: false };
  }
  if (buffer.startsWith('<!', start) || buffer.startsWith('<?', start)) {
    const end = buffer.indexOf('>', start);
    return end === -1 ? unfinished() : { end: end + 1, name: null, closing: false, selfClosing: false };
  }
  tagPattern.lastIndex = start;
  const tag = tagPattern.exec(buffer);
  if (tag === null) {
    // "<" followed by a letter may be a tag whose end has not arrived yet; "a < b" is just text.
    return /[A-Za-z/]/.test(buffer.charAt(start + 1)) && !buffer.includes('>', start) ? unfinished() : 'text';
  }
  return {
    end: start + tag[0].length,
    name: (tag[2] ?? '').toLowerCase(),
    closing: tag[1] === '/',
    selfClosing: tag[0].endsWith('/>'),
  };
}

/** Builds sections from text runs and element boundaries. */
class SectionAssembler {
  private current = '';
  private headings: string[] = [];
  private heading: { level: number; title: string } | null = null;

  *text(raw: string): Generator<RawSection> {
    const collapsed = raw.replace(/\s+/g, ' ');
    const atBreak = endsWithSpace(this.current);
    if (collapsed === '' || (collapsed === ' ' && atBreak)) return;
    const text = atBreak ? collapsed.trimStart() : collapsed;
    this.current += text;
    if (this.heading !== null) this.heading.title += text;
    if (this.current.length >= hardSectionLength) yield* this.flush();
  }

  *element(name: string, closing: boolean): Generator<RawSection> {
    const headingLevel = /^h([1-6])$/.exec(name)?.[1];
    if (headingLevel !== undefined) {
      if (!closing) {
        yield* this.flush();
        this.heading = { level: Number(headingLevel), title: '' };
      } else if (this.heading !== null) {
        this.headings.length = Math.min(this.headings.length, this.heading.level - 1);
        this.headings.push(headingTitle(this.heading.title));
        this.heading = null;
        this.breakLine('\n\n');
      }
      return;
    }
    if (paragraphElements.has(name)) {
      this.breakLine('\n\n');
      if (this.current.length >= softSectionLength) yield* this.flush();
    } else if (lineBreakElements.has(name)) this.breakLine('\n');
    else if (cellElements.has(name) && !closing && !endsWithSpace(this.current)) this.current += ' ';
  }

  *finish(): Generator<RawSection> {
    yield* this.flush();
  }

  private breakLine(kind: '\n' | '\n\n'): void {
    let end = this.current.length;
    while (end > 0 && (this.current[end - 1] === ' ' || this.current[end - 1] === '\t')) end--;
    this.current = this.current.slice(0, end);
    if (this.current === '' || this.current.endsWith('\n\n')) return;
    if (kind === '\n\n') this.current += this.current.endsWith('\n') ? '\n' : '\n\n';
    else if (!this.current.endsWith('\n')) this.current += '\n';
  }

  private *flush(): Generator<RawSection> {
    const text = this.current.replace(/\n{3,}/g, '\n\n').trim();
    this.current = '';
    if (text === '') return;
    const path = this.headings.filter((title) => title !== '');
    yield { page: null, section: path.length === 0 ? null : path.join(' > '), text };
  }
}

/** True at the start of a section or after whitespace: where a leading space would be redundant. */
function endsWithSpace(text: string): boolean {
  return text === '' || /\s/.test(text.charAt(text.length - 1));
}

/**
 * A heading as a section path shows it: without icon glyphs from Private Use Area fonts (Sphinx
 * themes' link icon U+F0C1, Font Awesome) and without the trailing "¶" that Sphinx's permalink adds.
 */
function headingTitle(title: string): string {
  return title.replace(/\p{Co}/gu, '').replace(/\s*\u00b6\s*$/u, '').replace(/\s+/g, ' ').trim();
}
