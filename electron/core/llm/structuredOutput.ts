import type { ModelInfo } from '../../shared/domain.js';
import { describeSchemaProblem } from '../../shared/jsonSchemaSupport.js';
import { validateAgainstSchema } from '../../shared/jsonSchemaValidation.js';
import type { SamplingSettings } from '../../shared/presets.js';
import { EnclaveError } from '../errors.js';
import type { ProviderTurn, ReplyWriter } from './provider.js';

/** Room for a structured answer when the caller gives no max tokens: a form's worth of fields. */
const defaultMaxTokens = 1024;

/**
 * Extracts the fields `schema` describes from `text` with a local model: the reply is held to the
 * schema by a grammar, then parsed and checked against the schema before it is returned. Throws
 * `schema-invalid` (before any model loads) for a schema the grammar cannot follow, and
 * `structured-output-invalid` for an answer cut off by max tokens or that does not match.
 */
export async function extractStructured(
  provider: ReplyWriter,
  model: ModelInfo,
  schema: Record<string, unknown>,
  text: string,
  sampling?: SamplingSettings,
  signal: AbortSignal = new AbortController().signal,
): Promise<unknown> {
  const problem = describeSchemaProblem(schema);
  if (problem !== null) throw new EnclaveError('schema-invalid', problem);
  const maxTokens = sampling?.maxTokens ?? defaultMaxTokens;
  const result = await provider.streamChat(
    {
      model,
      turns: extractionTurns(schema, text),
      maxTokens,
      temperature: sampling?.temperature ?? 0,
      ...(sampling ? { sampling } : {}),
      jsonSchema: schema,
    },
    { onText: () => undefined },
    signal,
  );
  if (result.stopReason === 'aborted') throw new EnclaveError('structured-output-invalid', 'The extraction was stopped before the JSON was complete.');
  if (result.stopReason === 'max-tokens') {
    throw new EnclaveError('structured-output-invalid', `The JSON was cut off at the limit of ${maxTokens} tokens; raise max tokens, or ask for fewer fields.`);
  }
  return parseStructured(result.text, schema);
}

/** The model's JSON reply, parsed and checked against `schema`; `structured-output-invalid` otherwise. */
export function parseStructured(reply: string, schema: Record<string, unknown>): unknown {
  let value: unknown;
  try {
    value = JSON.parse(reply);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError('structured-output-invalid', `The model's answer is not valid JSON (${detail}).`);
  }
  const problems = validateAgainstSchema(value, schema);
  if (problems.length > 0) {
    const shown = problems.slice(0, 3).join('; ');
    const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
    throw new EnclaveError('structured-output-invalid', `The model's answer does not match the schema: ${shown}${more}.`);
  }
  return value;
}

/** The schema goes in the prompt as well: the grammar holds the form, the model needs to know the meaning. */
function extractionTurns(schema: Record<string, unknown>, text: string): ProviderTurn[] {
  return [
    {
      role: 'system',
      content: `Extract the information from the user's text as JSON that matches this JSON Schema. Answer with the JSON only; use only what the text says.\n\n${JSON.stringify(schema)}`,
    },
    { role: 'user', content: text },
  ];
}
