/**
 * Finds the first syntax error in a JSON text, with its offset and a reason in plain words. Used only
 * after `JSON.parse` failed, because V8's messages give a position for some errors and not for others
 * (`Unexpected token '}', "…" is not valid JSON`), and their wording changes between versions.
 */

export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let index = text.startsWith('\uFEFF') ? 1 : 0;

  function fail(reason: string, at = index): never {
    throw new SyntaxProblem(at, reason);
  }
  function describeHere(): string {
    return index >= text.length ? 'the end of the file' : `"${text[index]}"`;
  }
  function skipWhitespace(): void {
    while (index < text.length && ' \t\n\r'.includes(text.charAt(index))) index++;
  }
  function expect(character: string, what: string): void {
    skipWhitespace();
    if (text[index] !== character) fail(`expected ${what}, found ${describeHere()}`);
    index++;
  }
  function parseString(): void {
    const start = index;
    index++;
    while (index < text.length) {
      const character = text.charAt(index);
      if (character === '"') {
        index++;
        return;
      }
      if (character === '\\') {
        const escape = text[index + 1] ?? '';
        const valid = escape === 'u' ? /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6)) : escape !== '' && '"\\/bfnrt'.includes(escape);
        if (!valid) fail('invalid escape in a string (write a backslash as \\\\)');
        index += escape === 'u' ? 6 : 2;
        continue;
      }
      if (character < ' ') fail('a line break or control character inside a string (strings must be on one line)');
      index++;
    }
    fail('a string is never closed (missing ")', start);
  }
  function parseNumber(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 400));
    if (!match) fail(`expected a value, found ${describeHere()}`);
    index += match[0].length;
  }
  function parseValue(): void {
    skipWhitespace();
    const character = text[index];
    if (character === '{') {
      parseContainer('}', true);
      return;
    }
    if (character === '[') {
      parseContainer(']', false);
      return;
    }
    if (character === '"') {
      parseString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, index)) {
        index += literal.length;
        return;
      }
    }
    if (character !== undefined && /[-\d]/.test(character)) {
      parseNumber();
      return;
    }
    if (character === "'") fail('strings and names must use double quotes (")');
    fail(`expected a value, found ${describeHere()}`);
  }
  function parseContainer(closing: '}' | ']', isObject: boolean): void {
    index++;
    skipWhitespace();
    if (text[index] === closing) {
      index++;
      return;
    }
    for (;;) {
      if (isObject) {
        skipWhitespace();
        if (text[index] === "'") fail('strings and names must use double quotes (")');
        if (text[index] !== '"') fail(`expected a double-quoted property name, found ${describeHere()}`);
        parseString();
        expect(':', '":" after the property name');
      }
      parseValue();
      skipWhitespace();
      if (text[index] === ',') {
        index++;
        skipWhitespace();
        if (text[index] === closing) fail(`a trailing comma before "${closing}"`, index - 1);
        continue;
      }
      if (text[index] === closing) {
        index++;
        return;
      }
      fail(`expected "," or "${closing}", found ${describeHere()}`);
    }
  }

  try {
    parseValue();
    skipWhitespace();
    if (index < text.length) fail(`unexpected ${describeHere()} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof SyntaxProblem) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}
