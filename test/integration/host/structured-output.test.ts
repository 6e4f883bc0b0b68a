import { describe, expect, it } from 'vitest';
import { extractStructured } from '../../../electron/core/llm/structuredOutput.js';
import { validateAgainstSchema } from '../../../electron/shared/jsonSchemaValidation.js';
import { tinyChatModel, useProvider, useSharedProvider } from './hostTestSupport.js';

// The generated model babbles words: strings get a maxLength and arrays a maxItems so the grammar
// closes them; a real model ends them on its own.
const schemas: Record<string, Record<string, unknown>> = {
  'an object with required string, number and enum fields': {
    type: 'object',
    properties: {
      vendor: { type: 'string', maxLength: 24 },
      total: { type: 'number' },
      status: { enum: ['open', 'paid', 'overdue'] },
    },
    required: ['vendor', 'total', 'status'],
    additionalProperties: false,
  },
  'an array of objects': {
    type: 'array',
    items: {
      type: 'object',
      properties: { item: { type: 'string', maxLength: 16 }, quantity: { type: 'integer' } },
      required: ['item', 'quantity'],
    },
    minItems: 1,
    maxItems: 3,
  },
  'nested objects with a date, a boolean, a union and a $defs reference': {
    type: 'object',
    properties: {
      buyer: { $ref: '#/$defs/party' },
      seller: { $ref: '#/$defs/party' },
      signed: { type: 'string', format: 'date' },
      renews: { type: 'boolean' },
      note: { anyOf: [{ type: 'string', maxLength: 12 }, { type: 'null' }] },
    },
    required: ['buyer', 'seller', 'signed'],
    $defs: {
      party: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 16 }, role: { enum: ['buyer', 'seller', 'agent'] } },
        required: ['name', 'role'],
      },
    },
  },
};

const text = 'Invoice from ACME Tools: 3 boxes of bolts, 2 hammers. Total 41.50 EUR, due 2026-03-31, still open.';

describe('structured output: replies held to a JSON schema', { timeout: 120_000 }, () => {
  const shared = useSharedProvider();
  const startProvider = useProvider();

  it.each(Object.entries(schemas))('extracts %s: the output parses and validates', async (_name, schema) => {
    const { provider, dir } = shared();
    const model = await tinyChatModel(dir);
    const value = await extractStructured(provider, model, schema, text, { temperature: 0, maxTokens: 400 });
    expect(validateAgainstSchema(value, schema)).toEqual([]);
  });

  it('streams the JSON as a chat reply with a schema, and the text is the JSON', async () => {
    const { provider, dir } = shared();
    const model = await tinyChatModel(dir);
    const schema = schemas['an object with required string, number and enum fields']!;
    let streamed = '';
    const result = await provider.streamChat(
      { model, turns: [{ role: 'user', content: text }], maxTokens: 400, temperature: 0, jsonSchema: schema },
      { onText: (chunk) => (streamed += chunk) },
      new AbortController().signal,
    );
    expect(result.stopReason).toBe('end');
    expect(validateAgainstSchema(JSON.parse(result.text), schema)).toEqual([]);
    expect(streamed.trim()).toBe(result.text);
  });

  it('says the JSON was cut off when max tokens ends it early', async () => {
    const { provider, dir } = shared();
    const model = await tinyChatModel(dir);
    const schema = schemas['nested objects with a date, a boolean, a union and a $defs reference']!;
    await expect(extractStructured(provider, model, schema, text, { temperature: 0, maxTokens: 5 })).rejects.toMatchObject({
      code: 'structured-output-invalid',
      message: expect.stringContaining('cut off at the limit of 5 tokens') as unknown,
    });
  });

  it('refuses a schema that is not valid JSON Schema, or that the grammar cannot express, before loading a model', async () => {
    const provider = startProvider();
    const { dir } = shared();
    const model = await tinyChatModel(dir);
    await expect(extractStructured(provider, model, { type: 'strng' }, text)).rejects.toMatchObject({
      code: 'schema-invalid',
      message: expect.stringContaining('"strng", which is not a JSON Schema type') as unknown,
    });
    const ranged = { type: 'object', properties: { total: { type: 'number', minimum: 0 } } };
    await expect(extractStructured(provider, model, ranged, text)).rejects.toMatchObject({
      code: 'schema-invalid',
      message: expect.stringContaining('/properties/total uses "minimum"') as unknown,
    });
    const request = { model, turns: [{ role: 'user' as const, content: text }], maxTokens: 50, temperature: 0, jsonSchema: { type: 'object', propertise: {} } };
    await expect(provider.streamChat(request, { onText: () => undefined }, new AbortController().signal)).rejects.toMatchObject({
      code: 'schema-invalid',
    });
    expect(provider.hostRunning).toBe(false);
  });

  it('refuses to continue a structured reply', async () => {
    const { provider, dir } = shared();
    const model = await tinyChatModel(dir);
    const turns = [
      { role: 'user' as const, content: text },
      { role: 'assistant' as const, content: '{"vendor": "AC' },
    ];
    const request = { model, turns, maxTokens: 50, temperature: 0, jsonSchema: schemas['an array of objects']! };
    await expect(provider.streamChat(request, { onText: () => undefined }, new AbortController().signal)).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('cannot be continued') as unknown,
    });
  });
});
