/**
 * Line numbers for messages about a JSON file: where a syntax error is, and where the value a schema
 * check complains about starts. Administrators edit the policy by hand; "line 7" finds the mistake.
 */

export interface TextPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let index = before.indexOf('\n'); index !== -1; index = before.indexOf('\n', index + 1)) line++;
  return { line, column: before.length - lineStart + 1 };
}

/**
 * The offset where the value at `path` starts in valid JSON `text`, or where its nearest existing
 * ancestor starts when the value itself is missing.
 */
export function locateJsonValue(text: string, path: readonly PropertyKey[]): number {
  let index = 0;

  function skipWhitespace(): void {
    while (index < text.length && ' \t\n\r\uFEFF'.includes(text.charAt(index))) index++;
  }
  function readString(): string {
    const start = index;
    index++;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index++;
    return JSON.parse(text.slice(start, index)) as string;
  }
  function skipValue(): void {
    skipWhitespace();
    const opening = text[index];
    if (opening === '"') {
      readString();
      return;
    }
    if (opening !== '{' && opening !== '[') {
      while (index < text.length && !',}] \t\n\r'.includes(text.charAt(index))) index++;
      return;
    }
    index++;
    skipWhitespace();
    while (index < text.length && text[index] !== '}' && text[index] !== ']') {
      if (opening === '{') {
        readString();
        skipWhitespace();
        index++; // the colon
      }
      skipValue();
      skipWhitespace();
      if (text[index] === ',') index++;
      skipWhitespace();
    }
    index++;
  }
  function descend(depth: number): number {
    skipWhitespace();
    const start = index;
    const key = path[depth];
    const opening = text[index];
    if (key === undefined || (opening !== '{' && opening !== '[')) return start;
    index++;
    for (let position = 0; ; position++) {
      skipWhitespace();
      if (index >= text.length || text[index] === '}' || text[index] === ']') return start;
      const name = opening === '{' ? readString() : String(position);
      if (opening === '{') {
        skipWhitespace();
        index++;
      }
      if (name === String(key)) return descend(depth + 1);
      skipValue();
      skipWhitespace();
      if (text[index] === ',') index++;
    }
  }
  return descend(0);
}
