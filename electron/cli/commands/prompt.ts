import fs from 'node:fs';
import { z } from 'zod';
import { EnclaveError } from '../../core/errors.js';
import type { ProviderTurn } from '../../core/llm/provider.js';
import { maxPromptCharacters } from '../../shared/limits.js';
import { chatTemplateLabels, type ModelInfo } from '../../shared/models.js';
import { parseCommand } from '../args.js';
import { chooseChatModel, generationOptions, generationSessionOptions } from '../chatReply.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printUsage } from '../output.js';
import { type Session, withSession } from '../session.js';
import { promptUsage } from '../usageData.js';
import type { CommandContext } from './context.js';

const promptOptions = {
  model: generationOptions.model,
  threads: generationOptions.threads,
  'context-size': generationOptions['context-size'],
  'max-tokens': generationOptions['max-tokens'],
  messages: { type: 'string' },
  remote: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** OpenAI's roles as the model reads them: a developer message is a system one. */
const messageFile = z
  .array(
    z.object({
      role: z.enum(['system', 'developer', 'user', 'assistant']),
      content: z.string().max(maxPromptCharacters),
    }),
  )
  .min(1, 'the file holds no messages');

/**
 * `enclave prompt`: the exact prompt a reply would give the model (its chat template, special tokens
 * written out, the turns that fit its context), and its token count; what an auditor asks first.
 * Nothing is sent or stored.
 */
export async function promptCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, promptOptions, promptUsage);
  if (values.help) return printUsage(promptUsage);
  const turns = readTurns(values.messages, positionals.join(' ').trim());
  const options = generationSessionOptions(values, context.dataDir, promptUsage);
  if (values.remote !== undefined) {
    // Asking the endpoint for its models would be a request: the model is named, and nothing is sent.
    if (values.model === undefined) throw new UsageError('--remote needs --model <name> (the model as the endpoint names it): nothing is asked of the endpoint', promptUsage);
    const request = { endpoint: values.remote, model: values.model, turns, maxTokens: options.maxTokens, json: values.json === true };
    return withSession(options, (session) => Promise.resolve(printRemoteRequest(session, request)));
  }
  return withSession(options, async (session) => {
    session.requireDatabase();
    const model = await chooseChatModel(session, values.model, promptUsage);
    const maxTokens = options.maxTokens ?? 2048;
    const { prompt, tokens } = await session.core.provider.renderPrompt(model, { turns, maxTokens });
    if (values.json) {
      printJson({ model: model.id, prompt, tokens });
      return exitCodes.ok;
    }
    process.stdout.write(prompt.endsWith('\n') ? prompt : `${prompt}\n`);
    process.stderr.write(`${tokens.length} tokens (${model.name}, ${chatFormatText(model)})\n`);
    return exitCodes.ok;
  });
}

/** Which chat format the prompt is in: the model's settings choose one, or its file decides. */
function chatFormatText(model: ModelInfo): string {
  const chosen = model.settings.chatTemplate;
  if (chosen !== 'auto') return `chat template ${chatTemplateLabels[chosen]}, chosen in the model's settings`;
  return model.hasChatTemplate ? 'its own chat template' : 'no chat template: a plain text transcript';
}

/**
 * `enclave prompt --remote <endpoint>`: the request body as it would leave for that endpoint, after
 * data-loss prevention (placeholders in place of redacted values); exit 1 when the policy would not let
 * it leave (kept local or blocked, the reason said), or forbids the endpoint. Sends nothing.
 */
function printRemoteRequest(
  session: Session,
  request: { endpoint: string; model: string; turns: ProviderTurn[]; maxTokens: number | undefined; json: boolean },
): number {
  session.requireDatabase();
  const remote = session.core.remote;
  if (!remote) throw new EnclaveError('database-unavailable', 'The database is not open.');
  const preview = remote.previewRequest(request.endpoint, request.model, request.turns, request.maxTokens);
  if (request.json) {
    const { endpoint, model, route, reason, body, redactions, findings } = preview;
    printJson({ endpoint: endpoint.name, endpointId: endpoint.id, model, route, reason, prompt: body, redactions, findings });
    return body === null ? exitCodes.failure : exitCodes.ok;
  }
  if (preview.body === null) {
    process.stderr.write(`${preview.reason}\n`);
    return exitCodes.failure;
  }
  process.stdout.write(`${preview.body}\n`);
  const redacted = preview.redactions === 0 ? 'nothing redacted' : `${preview.redactions} ${preview.redactions === 1 ? 'value' : 'values'} replaced by placeholders`;
  process.stderr.write(`POST ${preview.endpoint.name} /chat/completions body (${redacted}); nothing was sent\n`);
  return exitCodes.ok;
}

function readTurns(file: string | undefined, text: string): ProviderTurn[] {
  if (file !== undefined && text.length > 0) throw new UsageError('give --messages <file.json> or the text, not both', promptUsage);
  if (file === undefined) {
    if (text.length === 0) throw new UsageError('missing messages: give the text, or --messages <file.json>', promptUsage);
    return [{ role: 'user', content: text }];
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new UsageError(`--messages ${file}: ${error instanceof Error ? error.message : String(error)}`, promptUsage);
  }
  const parsed = messageFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new UsageError(`--messages ${file}: ${issue?.message ?? 'not a list of messages'}${where}`, promptUsage);
  }
  return parsed.data.map((message) => ({ role: message.role === 'developer' ? 'system' : message.role, content: message.content }));
}
