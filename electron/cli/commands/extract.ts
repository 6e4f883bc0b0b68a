import { readFile } from 'node:fs/promises';
import { EnclaveError } from '../../core/errors.js';
import { extractStructured } from '../../core/llm/structuredOutput.js';
import { describeSchemaProblem } from '../../shared/jsonSchemaSupport.js';
import { parseCommand } from '../args.js';
import { chooseChatModel, generationSessionOptions } from '../chatReply.js';
import { exitCodes, UsageError } from '../errors.js';
import { handleInterrupts } from '../interrupt.js';
import { printJson, printNotice, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { extractUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const extractOptions = {
  schema: { type: 'string' },
  model: { type: 'string' },
  threads: { type: 'string' },
  'context-size': { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
} as const;

/** Room for the JSON when --max-tokens is not given: a form's worth of fields. */
const defaultMaxTokens = 1024;

/**
 * `enclave extract --schema <file> <text...>`: the fields the schema describes, taken from the text
 * by a local model held to the schema, printed as JSON. The schema is checked before any model loads.
 */
export async function extractCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, extractOptions, extractUsage);
  if (values.help) return printUsage(extractUsage);
  if (values.schema === undefined) throw new UsageError('missing --schema <file>: the JSON Schema of what to extract', extractUsage);
  const schema = await readSchema(values.schema);
  const text = positionals.length === 1 && positionals[0] === '-' ? await readStandardInput() : positionals.join(' ');
  if (text.trim().length === 0) throw new UsageError('missing text: enclave extract --schema <file> <text...> (or - to read standard input)', extractUsage);
  const sessionOptions = generationSessionOptions(values, context.dataDir, extractUsage);
  return withSession(sessionOptions, async (session) => {
    session.requireDatabase();
    session.core.provider.prewarm();
    const model = await chooseChatModel(session, values.model, extractUsage);
    const controller = new AbortController();
    const interrupts = handleInterrupts(() => controller.abort());
    try {
      const sampling = { temperature: sessionOptions.temperature ?? 0, maxTokens: sessionOptions.maxTokens ?? defaultMaxTokens };
      printJson(await extractStructured(session.core.provider, model, schema, text, sampling, controller.signal));
      return exitCodes.ok;
    } catch (error) {
      if (!interrupts.interrupted()) throw error;
      printNotice('stopped; nothing was extracted.');
      return exitCodes.interrupted;
    } finally {
      interrupts.dispose();
    }
  });
}

/** The schema file, parsed and checked: unreadable, not JSON, or not a schema the grammar can follow are each said plainly. */
async function readSchema(file: string): Promise<Record<string, unknown>> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new EnclaveError(code === 'ENOENT' ? 'not-found' : 'io-error', `Cannot read the schema file ${file}: ${reason}.`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(raw);
  } catch (error) {
    throw new EnclaveError('schema-invalid', `The schema file ${file} is not JSON: ${(error as Error).message}.`);
  }
  const problem = describeSchemaProblem(schema);
  if (problem !== null) throw new EnclaveError('schema-invalid', `${file}: ${problem}`);
  return schema as Record<string, unknown>;
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
