import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useEffect, useRef, useState } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { maxTitleCharacters } from '@shared/limits.js';
import { Icon } from '../../components/Icon.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { InlineNameEditor } from '../../components/InlineNameEditor.js';
import { exportChatsToFile } from '../history/exportChats.js';
import { DeleteChatDialog } from './DeleteChatDialog.js';

interface ChatListItemProps {
  chat: ChatSummary;
  selected: boolean;
  onSelect: () => void;
  onRename: (title: string) => Promise<Result<unknown>>;
  onDelete: () => Promise<Result<unknown>>;
}

/** One chat in the list: select it, or open its menu to rename it in place or delete it. */
export function ChatListItem({ chat, selected, onSelect, onRename, onDelete }: ChatListItemProps) {
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [renameError, setRenameError] = useState<AppError | null>(null);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const selectButton = useRef<HTMLButtonElement>(null);
  // After an edit the title button comes back; keyboard focus should land on it, not on <body>.
  const refocusTitle = useRef(false);
  // Set when a menu item moves focus elsewhere (the title field, the dialog), so closing the menu
  // does not pull focus back to its button; a menu dismissed with Escape returns focus there as usual.
  const menuMovesFocus = useRef(false);

  useEffect(() => {
    if (editing || !refocusTitle.current) return;
    refocusTitle.current = false;
    selectButton.current?.focus();
  }, [editing]);

  function stopEditing() {
    refocusTitle.current = true;
    setEditing(false);
  }

  async function saveTitle(title: string) {
    stopEditing();
    if (title === chat.title) return;
    const result = await onRename(title);
    setRenameError(result.ok ? null : result.error);
  }

  return (
    <li className="chat-list-item" data-selected={selected || undefined}>
      <div className="chat-list-row">
        {editing ? (
          <InlineNameEditor
            initialName={chat.title}
            label="Chat title"
            maxLength={maxTitleCharacters}
            className="chat-title-input"
            onSave={(title) => void saveTitle(title)}
            onCancel={stopEditing}
          />
        ) : (
          <button
            ref={selectButton}
            type="button"
            className="list-button chat-list-select"
            aria-current={selected ? 'true' : undefined}
            onClick={onSelect}
          >
            <span className="chat-list-title">{chat.title}</span>
          </button>
        )}
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger className="icon-button chat-list-menu" aria-label={`Actions for ${chat.title}`}>
            <Icon name="more" />
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              className="menu"
              align="end"
              sideOffset={4}
              onCloseAutoFocus={(event) => {
                if (menuMovesFocus.current) event.preventDefault();
                menuMovesFocus.current = false;
              }}
            >
              <DropdownMenu.Item
                className="menu-item"
                onSelect={() => {
                  menuMovesFocus.current = true;
                  setEditing(true);
                }}
              >
                Rename
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className="menu-item"
                onSelect={() => void exportChatsToFile({ chatId: chat.id, format: 'md' }).then((result) => setExportError(result.ok ? null : result.error))}
              >
                Export as Markdown
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className="menu-item"
                onSelect={() => void exportChatsToFile({ chatId: chat.id, format: 'json' }).then((result) => setExportError(result.ok ? null : result.error))}
              >
                Export as JSON
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className="menu-item menu-item-danger"
                onSelect={() => {
                  menuMovesFocus.current = true;
                  setConfirmingDelete(true);
                }}
              >
                Delete…
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
      {renameError && <InlineAlert error={renameError} prefix="Could not rename this chat" />}
      {exportError && <InlineAlert error={exportError} prefix="Could not export this chat" onDismiss={() => setExportError(null)} />}
      <DeleteChatDialog
        chat={chat}
        open={confirmingDelete}
        onOpenChange={setConfirmingDelete}
        returnFocus={() => selectButton.current?.focus()}
        onConfirm={onDelete}
      />
    </li>
  );
}
