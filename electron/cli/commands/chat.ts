import { parseCommand } from '../args.js';
import { chooseChatModel, generationOptions, generationSessionOptions, openChat, reportOutcome, streamReply } from '../chatReply.js';
import { exitCodes, UsageError } from '../errors.js';
import { withSession } from '../session.js';
import { chatUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/**
 * `enclave chat <prompt>`: sends one message and streams the reply, stored exactly as the app stores
 * it. The chat id goes to stderr last, so `--chat <id>` can continue the conversation.
 */
export async function chatCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, generationOptions, chatUsage);
  if (values.help) {
    process.stdout.write(`${chatUsage}\n`);
    return exitCodes.ok;
  }
  const prompt = positionals.join(' ').trim();
  if (prompt.length === 0) throw new UsageError('missing prompt: enclave chat <prompt...>', chatUsage);
  return withSession(generationSessionOptions(values, context.dataDir, chatUsage), async (session) => {
    session.requireDatabase();
    // The model host starts while the model is resolved and the chat is prepared.
    session.core.provider.prewarm();
    const model = await chooseChatModel(session, values.model, chatUsage);
    const chatId = await openChat(session, values.chat);
    const code = reportOutcome(await streamReply(session, chatId, model, prompt));
    process.stderr.write(`chat ${chatId}\n`);
    return code;
  });
}
