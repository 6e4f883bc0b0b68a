import { describeSchemaProblem } from '@shared/jsonSchemaSupport.js';

export type SchemaCheck = { ok: true; schema: Record<string, unknown> } | { ok: false; problem: string };

/**
 * The schema text the user pasted or loaded, checked before anything is sent: JSON first, then an
 * object, then what structured output can constrain (the same check core makes), each failure a
 * sentence that says where.
 */
export function checkSchemaText(text: string): SchemaCheck {
  if (text.trim() === '') return { ok: false, problem: 'Paste a JSON Schema, or load one from a file.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `The schema is not valid JSON: ${detail}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'A JSON Schema is a JSON object, such as {"type": "object", "properties": {…}}.' };
  }
  const problem = describeSchemaProblem(value);
  return problem === null ? { ok: true, schema: value as Record<string, unknown> } : { ok: false, problem };
}
