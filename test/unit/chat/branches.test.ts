import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatService } from '../../../electron/core/chat/chatService.js';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { listAllMessages, listMessages } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { ReplyWriter, ProviderChatRequest } from '../../../electron/core/llm/provider.js';
import { stubModelInfo } from '../../support/modelInfo.js';

const model = stubModelInfo;

/** Answers "reply N" and records the turns it was given. */
function countingProvider(): ReplyWriter & { requests: ProviderChatRequest[] } {
  const requests: ProviderChatRequest[] = [];
  return {
    requests,
    streamChat(request, events) {
      requests.push(request);
      const text = `reply ${requests.length}`;
      events.onText(text);
      return Promise.resolve({ text, stopReason: 'end', tokensIn: 1, tokensOut: 1, timeToFirstTokenMs: 1, durationMs: 1 });
    },
  };
}

describe('branching conversations on a real database', () => {
  let dir: string;
  let db: Database;
  let provider: ReturnType<typeof countingProvider>;
  let service: ChatService;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-branches-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    provider = countingProvider();
    service = new ChatService({ db, provider, emit: () => undefined, generation: { maxTokens: 8, temperature: 0 } });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const shown = (chatId: string) => listMessages(db, chatId).map((message) => message.content);
  const turns = (index: number) => provider.requests[index]!.turns.map((turn) => turn.content);

  it('regenerating a reply adds a sibling, shows it, and sends the same context', async () => {
    const chat = createChat(db);
    await service.send(chat.id, model, 'first').completion;
    const second = service.send(chat.id, model, 'second');
    await second.completion;
    const again = await service.regenerate(chat.id, second.assistantMessage.id, model).completion;

    expect(shown(chat.id)).toEqual(['first', 'reply 1', 'second', 'reply 3']);
    expect(turns(2)).toEqual(['first', 'reply 1', 'second']);
    expect(again.siblingIds).toEqual([second.assistantMessage.id, again.id]);
    expect(listMessages(db, chat.id).at(-1)!.siblingIds).toEqual([second.assistantMessage.id, again.id]);
  });

  it('editing a message starts a branch beside it; the model reads only the path shown', async () => {
    const chat = createChat(db);
    const first = service.send(chat.id, model, 'first');
    await first.completion;
    const second = service.send(chat.id, model, 'second');
    await second.completion;
    await service.send(chat.id, model, 'second, edited', { kind: 'edit', messageId: second.userMessage.id }).completion;

    expect(shown(chat.id)).toEqual(['first', 'reply 1', 'second, edited', 'reply 3']);
    expect(turns(2)).toEqual(['first', 'reply 1', 'second, edited']);
    const edited = listMessages(db, chat.id)[2]!;
    expect(edited.siblingIds).toEqual([second.userMessage.id, edited.id]);
    // Editing the very first message makes a second root.
    await service.send(chat.id, model, 'first, edited', { kind: 'edit', messageId: first.userMessage.id }).completion;
    expect(shown(chat.id)).toEqual(['first, edited', 'reply 4']);
    expect(turns(3)).toEqual(['first, edited']);
    expect(listMessages(db, chat.id)[0]!.siblingIds).toEqual([first.userMessage.id, listMessages(db, chat.id)[0]!.id]);
  });

  it('switching to a sibling shows its branch down to the newest end, and new messages continue it', async () => {
    const chat = createChat(db);
    await service.send(chat.id, model, 'first').completion;
    const second = service.send(chat.id, model, 'second');
    await second.completion;
    await service.send(chat.id, model, 'third').completion;
    await service.send(chat.id, model, 'second, edited', { kind: 'edit', messageId: second.userMessage.id }).completion;
    expect(shown(chat.id)).toEqual(['first', 'reply 1', 'second, edited', 'reply 4']);

    const firstReply = listMessages(db, chat.id)[1]!;
    const change = service.switchBranch(chat.id, second.userMessage.id);
    expect(shown(chat.id)).toEqual(['first', 'reply 1', 'second', 'reply 2', 'third', 'reply 3']);
    // What the window needs: the branches share everything through the first reply; the rest is new.
    expect(change.keepThrough).toBe(firstReply.id);
    expect(change.messages.map((message) => message.content)).toEqual(['second', 'reply 2', 'third', 'reply 3']);
    expect(change.messages[0]!.siblingIds).toHaveLength(2);
    // Back to the edit: the same shared start, the edited branch below it.
    const edited = change.messages[0]!.siblingIds.find((id) => id !== second.userMessage.id)!;
    const back = service.switchBranch(chat.id, edited);
    expect(back.keepThrough).toBe(firstReply.id);
    expect(back.messages.map((message) => message.content)).toEqual(['second, edited', 'reply 4']);
    service.switchBranch(chat.id, second.userMessage.id);
    await service.send(chat.id, model, 'fourth').completion;
    expect(turns(4)).toEqual(['first', 'reply 1', 'second', 'reply 2', 'third', 'reply 3', 'fourth']);

    // The tree stays whole: every parent exists in the same chat, nothing is lost.
    const all = listAllMessages(db, chat.id);
    expect(all).toHaveLength(10);
    const ids = new Set(all.map((message) => message.id));
    for (const message of all) if (message.parentId !== null) expect(ids.has(message.parentId)).toBe(true);
  });

  it('refuses to branch from a message of another chat, or to regenerate a user message', async () => {
    const one = createChat(db);
    const other = createChat(db);
    const sent = service.send(one.id, model, 'hello');
    await sent.completion;
    expect(() => service.send(other.id, model, 'x', { kind: 'edit', messageId: sent.userMessage.id })).toThrow(/no message/);
    expect(() => service.regenerate(one.id, sent.userMessage.id, model)).toThrow(/not a reply/);
  });
});

describe('continuing a cut-off reply', () => {
  it('sends the partial reply last and appends the new text to the same message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-continue-'));
    const db = openDatabase(path.join(dir, 'enclave.db'));
    try {
      const requests: ProviderChatRequest[] = [];
      const replies = ['The clause says', ' ninety days.'];
      const provider: ReplyWriter = {
        streamChat(request, events) {
          requests.push(request);
          const text = replies[requests.length - 1]!;
          events.onText(text);
          return Promise.resolve({ text, stopReason: requests.length === 1 ? 'max-tokens' : 'end', tokensIn: 1, tokensOut: 1, timeToFirstTokenMs: 1, durationMs: 1 });
        },
      };
      const service = new ChatService({ db, provider, emit: () => undefined, generation: { maxTokens: 3, temperature: 0 } });
      const chat = createChat(db);
      const first = await service.send(chat.id, model, 'What notice?').completion;
      const continued = await service.continueReply(chat.id, first.id, model).completion;

      expect(requests[1]!.turns).toEqual([
        { role: 'user', content: 'What notice?' },
        { role: 'assistant', content: 'The clause says' },
      ]);
      expect(continued).toMatchObject({ id: first.id, content: 'The clause says ninety days.', status: 'complete' });
      expect(listMessages(db, chat.id).map((message) => message.content)).toEqual(['What notice?', 'The clause says ninety days.']);
      expect(() => service.continueReply(chat.id, listMessages(db, chat.id)[0]!.id, model)).toThrow(/not a reply/);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
