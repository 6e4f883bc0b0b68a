import type { ChatSummary } from '@shared/domain.js';
import type { Result } from '@shared/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';

interface DeleteChatDialogProps {
  chat: ChatSummary;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => Promise<Result<unknown>>;
  /** Where keyboard focus goes when the dialog closes without deleting. */
  returnFocus: () => void;
}

/** Asks before deleting a chat; deleting cannot be undone. */
export function DeleteChatDialog({ chat, open, onOpenChange, onConfirm, returnFocus }: DeleteChatDialogProps) {
  const what =
    chat.messageCount === 0
      ? `“${chat.title}”`
      : `“${chat.title}” and its ${chat.messageCount === 1 ? 'message' : `${chat.messageCount} messages`}`;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Delete this chat?"
      description={`${what} will be removed from this computer. This cannot be undone.`}
      confirmLabel="Delete chat"
      busyLabel="Deleting…"
      errorPrefix="Could not delete the chat"
      onConfirm={onConfirm}
      returnFocus={returnFocus}
    />
  );
}
