import { useState } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { AppMark } from '../../components/AppMark.js';
import { Icon } from '../../components/Icon.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { commandKeyLabel, usesCommandKey } from '../../lib/shortcuts.js';
import { ChatListItem } from './ChatListItem.js';
import type { ChatList as ChatListState } from './useChatList.js';
import './chats.css';

interface ChatListProps {
  list: ChatListState;
  selectedChatId: string | null;
  onSelect: (chatId: string | null) => void;
  /** Opens the search across every chat. */
  onSearch: () => void;
}

/** The left pane: a "New chat" button and every chat, newest first. */
export function ChatList({ list, selectedChatId, onSelect, onSearch }: ChatListProps) {
  const [createError, setCreateError] = useState<AppError | null>(null);

  async function createChat() {
    const result = await list.create();
    setCreateError(result.ok ? null : result.error);
    if (result.ok) onSelect(result.value.id);
  }

  function selectAfterDelete(deleted: ChatSummary) {
    if (deleted.id !== selectedChatId) return;
    const rest = (list.chats ?? []).filter((chat) => chat.id !== deleted.id);
    onSelect(rest[0]?.id ?? null);
  }

  return (
    <nav className="chat-list" aria-label="Chats">
      <div className="chat-list-header">
        <span className="app-name">
          <AppMark size={18} /> Enclave
        </span>
        <button type="button" className="button button-primary" onClick={() => void createChat()}>
          <Icon name="plus" /> New chat
        </button>
      </div>
      <button type="button" className="chat-list-search" onClick={onSearch} aria-keyshortcuts={usesCommandKey ? 'Meta+K' : 'Control+K'}>
        <Icon name="search" /> Search chats
        <kbd aria-hidden="true">{commandKeyLabel}+K</kbd>
      </button>
      {createError && <InlineAlert error={createError} prefix="Could not start a new chat" />}
      {list.error && <InlineAlert error={list.error} prefix="Could not load your chats" />}
      {list.chats?.length === 0 && <p className="chat-list-empty">No chats yet.</p>}
      <ul className="chat-list-items">
        {list.chats?.map((chat) => (
          <ChatListItem
            key={chat.id}
            chat={chat}
            selected={chat.id === selectedChatId}
            onSelect={() => onSelect(chat.id)}
            onRename={(title) => list.rename(chat.id, title)}
            onDelete={async () => {
              const result = await list.remove(chat.id);
              if (result.ok) selectAfterDelete(chat);
              return result;
            }}
          />
        ))}
      </ul>
    </nav>
  );
}
