import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BranchChange, ChatMessage } from '../../shared/domain.js';
import { EnclaveError } from '../errors.js';
import { branchChange, deepestDescendant, findMessage, leafOf, setLeaf } from './store/messages.js';

/**
 * Where a new reply goes in the conversation tree: after the branch shown (`append`), as an
 * alternative to an earlier user message (`edit`: a new user message beside it), or as another
 * answer to a user message (`regenerate`: no new user message).
 */
export type BranchPoint =
  | { kind: 'append' }
  | { kind: 'edit'; messageId: string }
  | { kind: 'regenerate'; messageId: string };

/** A branch point resolved against the tree: what the new messages hang from, and the question. */
export type Anchor =
  /** A new user message under `userParentId` (null: the chat's first message), holding `content`. */
  | { kind: 'new-question'; userParentId: string | null; content: string }
  /** Another answer to the stored user message `userMessageId`, whose text is `content`. */
  | { kind: 'same-question'; userMessageId: string; content: string };

/**
 * The conversation as a tree: each message hangs under the one it answers or follows, edits and
 * regenerations are siblings, and each chat shows one branch (down to its `leaf`).
 */
export class BranchTree {
  constructor(private readonly db: Database) {}

  /** A message of this chat (of the given role, when one is named), or a clear error. */
  messageIn(chatId: string, messageId: string, role?: ChatMessage['role']): ChatMessage {
    const message = findMessage(this.db, messageId);
    if (message?.chatId !== chatId) {
      throw new EnclaveError('not-found', `There is no message ${messageId} in this chat; it may have been deleted.`);
    }
    if (role && message.role !== role) {
      const is = message.role === 'user' ? 'your message' : 'a reply';
      throw new EnclaveError('invalid-request', `That is ${is}, not ${role === 'user' ? 'one of yours' : 'a reply'}.`);
    }
    return message;
  }

  /**
   * Where a message goes in the tree: an edit of `editOf` (beside it), another answer to the question
   * the reply `regenerateOf` answered, or (neither) the end of the branch shown.
   */
  branchPointFor(chatId: string, request: { editOf?: string | undefined; regenerateOf?: string | undefined }): BranchPoint {
    if (request.editOf !== undefined) return { kind: 'edit', messageId: request.editOf };
    if (request.regenerateOf !== undefined) return { kind: 'regenerate', messageId: this.questionOf(chatId, request.regenerateOf) };
    return { kind: 'append' };
  }

  /** The user message a reply answers: where its regeneration branches off. */
  questionOf(chatId: string, replyId: string): string {
    const reply = this.messageIn(chatId, replyId, 'assistant');
    if (!reply.parentId) throw new EnclaveError('invalid-request', 'This reply does not answer a message; send a new one instead.');
    return reply.parentId;
  }

  /**
   * The branch point, checked: an edit replaces a user message, a regeneration answers one. `content`
   * is the new text for an append or an edit, ignored for a regeneration (its question is stored).
   */
  anchorFor(chatId: string, branch: BranchPoint, content: string): Anchor {
    if (branch.kind === 'append') return { kind: 'new-question', userParentId: leafOf(this.db, chatId), content };
    const message = this.messageIn(chatId, branch.messageId, 'user');
    if (branch.kind === 'edit') return { kind: 'new-question', userParentId: message.parentId, content };
    return { kind: 'same-question', userMessageId: message.id, content: message.content };
  }

  /** Shows the branch through `messageId`, down to its newest end; returns what changed on screen. */
  switchTo(chatId: string, messageId: string): BranchChange {
    this.messageIn(chatId, messageId);
    const oldLeaf = leafOf(this.db, chatId);
    const newLeaf = deepestDescendant(this.db, messageId);
    setLeaf(this.db, chatId, newLeaf);
    return branchChange(this.db, chatId, oldLeaf, newLeaf);
  }
}
