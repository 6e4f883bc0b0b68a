import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySchemaPath, renderPolicySchema } from '../../../scripts/write-policy-schema.js';

describe('electron/core/policy/policy.schema.json', () => {
  it('is what scripts/write-policy-schema.ts generates from the zod schema (run npm run policy:schema)', () => {
    expect(fs.readFileSync(policySchemaPath, 'utf8')).toBe(renderPolicySchema());
  });

  it('documents both network shapes and the defaults', () => {
    const schema = JSON.parse(renderPolicySchema()) as {
      additionalProperties: boolean;
      properties: { network: { oneOf: { properties: { mode: { const: string } } }[] }; dlp: { properties: { actions: { properties: Record<string, { default: string }> } } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.network.oneOf.map((shape) => shape.properties.mode.const)).toEqual(['offline', 'allowlist']);
    expect(schema.properties.dlp.properties.actions.properties.email?.default).toBe('block');
  });
});
