import { parseCommand } from '../args.js';
import { chooseChatModel, generationOptions, generationSessionOptions, openChat, reportOutcome, streamReply } from '../chatReply.js';
import { exitCodes, UsageError } from '../errors.js';
import { printUsage } from '../output.js';
import { sendRemote } from '../remoteReply.js';
import { type Session, withSession } from '../session.js';
import { chatUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const chatOptions = { ...generationOptions, remote: { type: 'string' }, yes: { type: 'boolean' }, 'show-thinking': { type: 'boolean' } } as const;

/**
 * `enclave chat <prompt>`: sends one message and streams the reply, stored exactly as the app stores
 * it. The chat id goes to stderr last, so `--chat <id>` can continue the conversation.
 */
export async function chatCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, chatOptions, chatUsage);
  if (values.help) return printUsage(chatUsage);
  const prompt = positionals.join(' ').trim();
  if (prompt.length === 0) throw new UsageError('missing prompt: enclave chat <prompt...>', chatUsage);
  if (values.yes && values.remote === undefined) throw new UsageError('--yes goes with --remote', chatUsage);
  return withSession(generationSessionOptions(values, context.dataDir, chatUsage), async (session) => {
    session.requireDatabase();
    if (values.remote !== undefined) {
      const remote = { endpoint: values.remote, model: values.model, confirmed: values.yes === true, showThinking: values['show-thinking'] };
      return chatRemotely(session, values.chat, prompt, remote);
    }
    // The model host starts while the model is resolved and the chat is prepared.
    session.core.provider.prewarm();
    const model = await chooseChatModel(session, values.model, chatUsage);
    const chatId = await openChat(session, values.chat);
    const code = reportOutcome(await streamReply(session, chatId, model, prompt, { showThinking: values['show-thinking'] }));
    process.stderr.write(`chat ${chatId}\n`);
    return code;
  });
}

async function chatRemotely(
  session: Session,
  existingChatId: string | undefined,
  prompt: string,
  remote: { endpoint: string; model: string | undefined; confirmed: boolean; showThinking: boolean | undefined },
): Promise<number> {
  const chatId = await openChat(session, existingChatId);
  // A new chat nothing was sent in (blocked, not confirmed) is not left behind, empty, in the chat list.
  const dropIfUnused = async () => {
    if (existingChatId !== undefined) return;
    const { messages } = await session.request('chats.get', { chatId });
    if (messages.length === 0) await session.request('chats.delete', { chatId });
  };
  try {
    const outcome = await sendRemote(session, { ...remote, chatId, prompt, usage: chatUsage });
    if (!outcome.sent) {
      await dropIfUnused();
      return exitCodes.failure;
    }
    const code = reportOutcome(outcome.streamed);
    process.stderr.write(`chat ${chatId}\n`);
    return code;
  } catch (error) {
    await dropIfUnused().catch(() => undefined);
    throw error;
  }
}
