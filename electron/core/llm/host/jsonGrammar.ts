import type { GbnfJsonSchema, LlamaGrammar } from 'node-llama-cpp';
import { describeSchemaProblem, toGrammarSchema } from '../../../shared/jsonSchemaSupport.js';
import { EnclaveError } from '../../errors.js';
import type { ResidentModel } from './residentModels.js';

/**
 * Grammars built per loaded model, by schema text: building one compiles the schema to GBNF and
 * parses it natively, which a preset used for every message should pay once. Entries go with the model.
 */
const grammarsByModel = new WeakMap<ResidentModel, Map<string, Promise<LlamaGrammar>>>();

/** The grammar that holds the model's reply to JSON matching `schema`; `schema-invalid` when it cannot. */
export function grammarForSchema(resident: ResidentModel, schema: Record<string, unknown>): Promise<LlamaGrammar> {
  const problem = describeSchemaProblem(schema);
  if (problem !== null) return Promise.reject(new EnclaveError('schema-invalid', problem));
  let grammars = grammarsByModel.get(resident);
  if (!grammars) {
    grammars = new Map();
    grammarsByModel.set(resident, grammars);
  }
  const key = JSON.stringify(schema);
  let grammar = grammars.get(key);
  if (!grammar) {
    grammar = build(resident, schema);
    grammars.set(key, grammar);
    // A failed build is not kept: the error is reported once, and a retry tries again.
    grammar.catch(() => grammars.delete(key));
  }
  return grammar;
}

async function build(resident: ResidentModel, schema: Record<string, unknown>): Promise<LlamaGrammar> {
  try {
    // The schema is only known at run time: node-llama-cpp's compile-time typing of it cannot apply.
    return await resident.model.llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGrammarSchema(schema) as GbnfJsonSchema);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError('schema-invalid', `The output grammar could not be built from the schema: ${detail}`, { cause: error });
  }
}
