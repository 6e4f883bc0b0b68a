import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChatMessage } from '../../shared/domain.js';
import { EnclaveError } from '../errors.js';
import type { Anchor } from './branchTree.js';
import type { ReplyPlan } from './replyPlan.js';
import { setChatModel, titleUntitledChat, touchChat } from './store/chats.js';
import { saveMessageSources } from './store/messageSources.js';
import { getMessage, insertMessageRow, reopenReply, setLeaf } from './store/messages.js';

/** The messages of one reply as stored when it starts: the question (new or stored) and the reply row. */
export interface StartedReply {
  userMessage: ChatMessage;
  assistantMessage: ChatMessage;
}

const titleLength = 60;

/**
 * Everything stored before the request leaves is one transaction, so one commit: the chat checked
 * (it may have been deleted while the send was prepared), both messages, sources, branch and title.
 */
export function storeNewReply(db: Database, chatId: string, anchor: Anchor, plan: ReplyPlan): StartedReply {
  return db.transaction(() => {
    if (!touchChat(db, chatId)) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
    const userMessageId =
      anchor.kind === 'same-question'
        ? getMessage(db, anchor.userMessageId).id
        : insertMessageRow(db, { chatId, role: 'user', content: anchor.content, status: 'complete', parentId: anchor.userParentId });
    const assistantMessageId = insertMessageRow(db, {
      parentId: userMessageId,
      presetName: plan.presetName,
      structured: plan.kind === 'local' && plan.structured,
      chatId,
      role: 'assistant',
      content: '',
      status: 'streaming',
      modelId: plan.kind === 'local' ? plan.model.id : null,
      modelName: plan.modelName,
      provider: plan.kind,
      endpointId: plan.kind === 'remote' ? plan.endpointId : null,
      endpointName: plan.kind === 'remote' ? plan.endpointName : null,
      routeReason: plan.routeReason,
      redactions: plan.kind === 'remote' ? plan.redactions : [],
    });
    if (Array.isArray(plan.sources)) saveMessageSources(db, assistantMessageId, plan.sources);
    setLeaf(db, chatId, assistantMessageId);
    // The chat answers with this model from now on, until the user picks another and sends.
    setChatModel(db, chatId, plan.kind === 'local' ? { kind: 'local', modelId: plan.model.id } : { kind: 'remote', endpointId: plan.endpointId, model: plan.modelName });
    titleUntitledChat(db, chatId, titleFrom(anchor.content));
    // Read once, when stored: the reply's siblings (a regeneration) are only known then.
    return { userMessage: getMessage(db, userMessageId), assistantMessage: getMessage(db, assistantMessageId) };
  })();
}

/** A cut-off reply reopened to be written on: streaming again, shown at the end of its branch. */
export function reopenForContinuing(db: Database, reply: ChatMessage, userMessage: ChatMessage): StartedReply {
  const assistantMessage = db.transaction(() => {
    reopenReply(db, reply.id);
    setLeaf(db, reply.chatId, reply.id);
    return getMessage(db, reply.id);
  })();
  return { userMessage, assistantMessage };
}

/** The message's first words, whitespace collapsed; it reads only as far as the title goes (every send asks). */
function titleFrom(content: string): string {
  const words = /\S+/g;
  let line = '';
  for (let word = words.exec(content); word && line.length <= titleLength; word = words.exec(content)) {
    line = line ? `${line} ${word[0]}` : word[0];
  }
  return line.length <= titleLength ? line : `${line.slice(0, titleLength - 1)}…`;
}
