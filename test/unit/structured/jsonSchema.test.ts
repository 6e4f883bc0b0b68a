import { describe, expect, it } from 'vitest';
import { describeSchemaProblem, toGrammarSchema } from '../../../electron/shared/jsonSchemaSupport.js';
import { validateAgainstSchema } from '../../../electron/shared/jsonSchemaValidation.js';

const invoice = {
  type: 'object',
  properties: {
    vendor: { type: 'string', maxLength: 40 },
    total: { type: 'number' },
    currency: { enum: ['EUR', 'USD'] },
    lines: { type: 'array', items: { $ref: '#/$defs/line' }, maxItems: 5 },
    paid: { type: ['boolean', 'null'] },
    due: { type: 'string', format: 'date' },
  },
  required: ['vendor', 'total', 'currency'],
  additionalProperties: false,
  $defs: { line: { type: 'object', properties: { item: { type: 'string' }, quantity: { type: 'integer' } } } },
} as const;

describe('which JSON Schemas structured output accepts', () => {
  it('accepts objects, arrays, enums, unions, formats and $defs references', () => {
    expect(describeSchemaProblem(invoice)).toBeNull();
    expect(describeSchemaProblem({ anyOf: [{ type: 'string' }, { type: 'null' }], description: 'optional name' })).toBeNull();
    expect(describeSchemaProblem({ type: 'string', const: 'fixed', title: 'A constant' })).toBeNull();
  });

  it.each([
    ['a schema that is not an object', [], 'The schema itself is not a JSON Schema'],
    ['a boolean schema', true, 'is true, which the grammar cannot write'],
    ['an unknown type', { type: 'strng' }, 'The schema at /type is "strng", which is not a JSON Schema type'],
    ['no type at all', { properties: { a: { type: 'string' } } }, 'has no "type"'],
    ['a misspelt keyword', { type: 'object', propertise: {} }, 'uses "propertise", which is not a JSON Schema keyword'],
    ['a number range', { type: 'object', properties: { age: { type: 'integer', minimum: 0 } } }, 'The schema at /properties/age uses "minimum"'],
    ['a pattern', { type: 'string', pattern: '^[A-Z]+$' }, 'uses "pattern"'],
    ['allOf', { allOf: [{ type: 'string' }] }, 'uses "allOf"'],
    ['an unsupported format', { type: 'string', format: 'email' }, 'at /format is "email"'],
    ['a required property that is not defined', { type: 'object', properties: {}, required: ['name'] }, 'names "name", which "properties" does not define'],
    ['an object among several types', { type: ['object', 'null'] }, 'use "oneOf"'],
    ['a reference outside $defs', { $ref: '#/definitions/x' }, 'only follows references to "#/$defs/<name>"'],
    ['a dangling reference', { $ref: '#/$defs/missing' }, 'no "$defs" around it defines "missing"'],
    ['an object in an enum', { enum: [{ a: 1 }] }, 'can only write strings, numbers, true, false and null'],
    ['an enum value of the wrong type', { type: 'string', enum: ['a', 3] }, 'holds 3, which is not of type "string"'],
    ['min above max', { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 1 }, 'has "minItems" 3 above "maxItems" 1'],
    ['a keyword of another type', { type: 'string', items: { type: 'string' } }, 'uses "items" with type "string", where the grammar ignores it'],
    ['tuple items', { type: 'array', items: [{ type: 'string' }] }, 'for a fixed list of item schemas use "prefixItems"'],
    ['a negative length', { type: 'string', maxLength: -1 }, 'must be a whole number of 0 or more'],
  ])('refuses %s, saying where and why', (_name, schema, expected) => {
    expect(describeSchemaProblem(schema)).toContain(expected);
  });

  it('refuses a schema nested deeper than the grammar should go', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 70; level++) schema = { type: 'array', items: schema };
    expect(describeSchemaProblem(schema)).toContain('nested more than 64 levels deep');
  });

  it('hands anyOf to the grammar as oneOf, everywhere in the schema', () => {
    expect(toGrammarSchema({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } })).toEqual({
      type: 'object',
      properties: { a: { oneOf: [{ type: 'string' }] } },
    });
  });
});

describe('validating a value against a schema', () => {
  it('passes a value that matches', () => {
    const value = { vendor: 'ACME', total: 12.5, currency: 'EUR', lines: [{ item: 'bolts', quantity: 3 }], paid: null, due: '2026-03-31' };
    expect(validateAgainstSchema(value, invoice)).toEqual([]);
  });

  it('reports every mismatch with the path to it', () => {
    const value = { vendor: 7, total: 'ten', currency: 'GBP', lines: [{ item: 'bolts', quantity: 1.5 }], extra: true, due: '2026-13-01' };
    expect(validateAgainstSchema(value, invoice)).toEqual([
      '$.vendor: expected string, got number',
      '$.total: expected number, got string',
      '$.currency: "GBP" is not one of "EUR", "USD"',
      '$.lines[0].quantity: expected integer, got number',
      '$: "extra" is not an allowed property',
      '$.due: "2026-13-01" is not a date (YYYY-MM-DD)',
    ]);
    expect(validateAgainstSchema({}, invoice)).toEqual(['$: "vendor" is missing', '$: "total" is missing', '$: "currency" is missing']);
  });

  it('counts string length in characters and checks item counts', () => {
    expect(validateAgainstSchema('ééé', { type: 'string', maxLength: 3 })).toEqual([]);
    expect(validateAgainstSchema(['a', 'b'], { type: 'array', items: { type: 'string' }, maxItems: 1 })).toEqual(['$: 2 items, more than 1']);
  });

  it('tells oneOf (exactly one) from anyOf (at least one)', () => {
    const numbers = [{ type: 'number' }, { type: 'integer' }];
    expect(validateAgainstSchema(3, { oneOf: numbers })).toEqual(['$: matches 2 of the oneOf schemas, not exactly one']);
    expect(validateAgainstSchema(3, { anyOf: numbers })).toEqual([]);
    expect(validateAgainstSchema('x', { anyOf: numbers })).toEqual(['$: matches none of the anyOf schemas']);
  });
});
