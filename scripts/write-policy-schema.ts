/**
 * Writes electron/core/policy/policy.schema.json, the JSON Schema of the machine policy file, from the zod schema
 * in electron/shared/policy.ts (the one the app validates with). `npm run policy:schema` after changing
 * the schema; a unit test fails while the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyJsonSchema } from '../electron/shared/policy.js';

export const policySchemaPath = fileURLToPath(new URL('../electron/core/policy/policy.schema.json', import.meta.url));

/** The file's exact content: two-space JSON and a final newline. */
export function renderPolicySchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(policySchemaPath, renderPolicySchema());
  console.log(`wrote ${policySchemaPath}`);
}
