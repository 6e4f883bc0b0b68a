import type { ChatDetail, ChatMessage } from '../../shared/domain.js';
import { parseCommand } from '../args.js';
import { passageLocation } from '../documentText.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatTime, printJson, printTable, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { chatsUsage } from '../usage.js';
import { deleteSubcommand, exportSubcommand, importSubcommand, type TransferOptions } from './chatsTransfer.js';
import type { CommandContext } from './context.js';

const chatsOptions = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  yes: { type: 'boolean' },
} as const;

const transferSubcommands: Record<string, (operands: string[], options: TransferOptions) => Promise<number>> = {
  export: exportSubcommand,
  import: importSubcommand,
  delete: deleteSubcommand,
};

/** `enclave chats list|show|export|import|delete`: the history the app shows, in the same database. */
export async function chatsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, chatsOptions, chatsUsage);
  if (values.help) return printUsage(chatsUsage);
  const [subcommand, ...operands] = positionals;
  const dataDir = values['data-dir'] ?? context.dataDir;
  const transfer = subcommand !== undefined && Object.hasOwn(transferSubcommands, subcommand) ? transferSubcommands[subcommand] : undefined;
  if (transfer) return transfer(operands, { dataDir, json: values.json, all: values.all, format: values.format, out: values.out, yes: values.yes });
  const misplaced = (['all', 'format', 'out', 'yes'] as const).find((option) => values[option] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} is for chats export, import or delete`, chatsUsage);
  if (subcommand === 'list') {
    if (operands.length > 0) throw new UsageError(`unexpected argument "${operands[0]}"`, chatsUsage);
    const chats = await withSession({ dataDir }, (session) => {
      session.requireDatabase();
      return session.request('chats.list', {});
    });
    if (values.json) printJson(chats);
    else if (chats.length === 0) process.stdout.write('No chats yet. Start one with: enclave chat <prompt>\n');
    else {
      printTable(
        ['ID', 'UPDATED', 'MESSAGES', 'TITLE'],
        chats.map((chat) => [chat.id, formatTime(chat.updatedAt), String(chat.messageCount), chat.title]),
      );
    }
    return exitCodes.ok;
  }
  if (subcommand === 'show') {
    const [chatId, extra] = operands;
    if (chatId === undefined) throw new UsageError('missing argument: enclave chats show <id>', chatsUsage);
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, chatsUsage);
    const detail = await withSession({ dataDir }, async (session) => {
      session.requireDatabase();
      const shown = await session.request('chats.get', { chatId });
      if (!values.json) return shown;
      // Each reply with the exact prompt it was given (null: not recorded), as an auditor reads it.
      const messages = [];
      for (const message of shown.messages) {
        messages.push(message.role === 'assistant' ? { ...message, prompt: await session.request('chats.replyPrompt', { messageId: message.id }) } : message);
      }
      return { ...shown, messages };
    });
    if (values.json) printJson(detail);
    else printTranscript(detail);
    return exitCodes.ok;
  }
  if (subcommand === undefined) throw new UsageError('missing subcommand: list, show, export, import or delete', chatsUsage);
  throw new UsageError(`unknown subcommand "chats ${subcommand}"`, chatsUsage);
}

function printTranscript({ chat, messages }: ChatDetail): void {
  const count = messages.length === 1 ? '1 message' : `${messages.length} messages`;
  process.stdout.write(`${chat.title}\nchat ${chat.id}, ${count}, last updated ${formatTime(chat.updatedAt)}\n`);
  for (const message of messages) {
    process.stdout.write(`\n${heading(message)}\n`);
    if (message.content.length > 0) process.stdout.write(`${indent(message.content)}\n`);
    const marker = statusMarker(message);
    if (marker) process.stdout.write(`  ${marker}\n`);
    // The passages a grounded reply was given, as `enclave ask` lists them.
    for (const source of message.sources) {
      process.stdout.write(`  [${source.number}] ${passageLocation(source)}, ${source.cited ? 'cited' : 'also retrieved'}\n`);
    }
  }
}

function heading(message: ChatMessage): string {
  if (message.role !== 'assistant') return `${message.role}:`;
  const details = [
    message.modelName ?? 'unknown model',
    message.tokensIn === null ? null : `${message.tokensIn} tokens in`,
    message.tokensOut === null ? null : `${message.tokensOut} out`,
    message.durationMs === null ? null : `${(message.durationMs / 1000).toFixed(1)} s`,
    // The thoughts themselves are in --json (`thought`); the transcript is the conversation.
    message.thought === null ? null : message.thought.durationMs === null ? 'thought' : `thought ${(message.thought.durationMs / 1000).toFixed(1)} s`,
  ].filter((detail) => detail !== null);
  return `assistant (${details.join(', ')}):`;
}

/** Complete replies need no marker; the others say plainly how the reply ended. */
function statusMarker(message: ChatMessage): string | null {
  const reason = message.error ? `: ${message.error.message}` : '';
  switch (message.status) {
    case 'complete':
      return null;
    case 'streaming':
      return '[still being written]';
    case 'interrupted':
      return `[interrupted${reason}]`;
    case 'error':
      return `[error${reason}]`;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? `  ${line}` : line))
    .join('\n');
}
