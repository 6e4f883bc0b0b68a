import { pageCitation } from '../../shared/documents.js';
import type { ExportedChat, ExportedMessage } from './exportFormat.js';

/**
 * Chats as Markdown, for people to read or archive: the branch each chat shows (the conversation as
 * the user left it), each message under a heading with who wrote it, when, and for replies the model
 * and figures; sources of document answers listed under them. Other branches are counted, not shown
 * (the JSON export has them all). Times are UTC so the file reads the same wherever it is opened.
 */
export function chatMarkdown(chat: ExportedChat, options: { titleLevel?: 1 | 2 } = {}): string {
  const shown = shownBranch(chat);
  const lines = [
    `${'#'.repeat(options.titleLevel ?? 1)} ${chat.title}`,
    '',
    `Chat \`${chat.id}\` · created ${utcTime(chat.createdAt)} · last updated ${utcTime(chat.updatedAt)} · ${plural(chat.messages.length, 'message')}`,
  ];
  const hidden = chat.messages.length - shown.length;
  if (hidden > 0) {
    lines.push('', `_Other branches (edits and regenerations) hold ${plural(hidden, 'more message')}; the JSON export has them._`);
  }
  for (const message of shown) lines.push('', ...messageMarkdown(message));
  return `${lines.join('\n')}\n`;
}

/** The title block of an export of every chat. */
export function markdownHeader(chatCount: number, now: number): string {
  return `# Enclave chats\n\nExported ${utcTime(now)} · ${plural(chatCount, 'chat')}\n\n`;
}

function messageMarkdown(message: ExportedMessage): string[] {
  const lines = [`### ${author(message)} · ${utcTime(message.createdAt)}`];
  const figures = replyFigures(message);
  if (figures) lines.push('', `_${figures}_`);
  // Folded, as the app shows them: a reader sees the answer first, the thoughts on request.
  // Markup in a thought ("</details>", a tag) is shown as text, so it cannot end the fold or hide the answer.
  if (message.thought) lines.push('', '<details><summary>Thoughts</summary>', '', escapeHtml(message.thought.text), '', '</details>');
  if (message.content.length > 0) lines.push('', message.content);
  const ending = statusNote(message);
  if (ending) lines.push('', `> ${ending}`);
  if (message.sources.length > 0) {
    lines.push('', 'Sources:', '');
    for (const source of message.sources) {
      const page = pageCitation(source);
      const where = page !== null ? `, ${page}` : source.section ? `, section "${source.section}"` : '';
      lines.push(`${source.number}. ${source.fileName}${where}${source.cited ? ' (cited)' : ' (also retrieved)'}`);
    }
  }
  return lines;
}

function author(message: ExportedMessage): string {
  if (message.role === 'user') return 'You';
  if (message.role === 'system') return 'System';
  const by = message.provider.kind === 'remote' && message.provider.endpointName ? ` via ${message.provider.endpointName}` : '';
  return `Assistant (${message.model.name ?? message.model.id ?? 'unknown model'}${by})`;
}

function replyFigures(message: ExportedMessage): string | null {
  if (message.role !== 'assistant') return null;
  const figures = [
    message.presetName ? `preset ${message.presetName}` : null,
    message.tokens.in === null ? null : `${message.tokens.in} tokens in`,
    message.tokens.out === null ? null : `${message.tokens.out} out`,
    message.timings.timeToFirstTokenMs === null ? null : `first token ${message.timings.timeToFirstTokenMs} ms`,
    message.timings.durationMs === null ? null : `${(message.timings.durationMs / 1000).toFixed(1)} s`,
  ].filter((figure) => figure !== null);
  return figures.length > 0 ? figures.join(' · ') : null;
}

function statusNote(message: ExportedMessage): string | null {
  const reason = message.error ? `: ${message.error.message}` : '';
  if (message.status === 'interrupted') return `Interrupted${reason}`;
  if (message.status === 'error') return `Error${reason}`;
  return null;
}

/** From the first message to the chat's leaf, following parents; all messages when there is no leaf. */
function shownBranch(chat: ExportedChat): ExportedMessage[] {
  const byId = new Map(chat.messages.map((message) => [message.id, message]));
  const path: ExportedMessage[] = [];
  const seen = new Set<string>();
  let current = chat.leafMessageId ? byId.get(chat.leafMessageId) : undefined;
  if (!current) return chat.messages;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path.reverse();
}

/** "2026-11-22 14:05 UTC". */
function utcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
