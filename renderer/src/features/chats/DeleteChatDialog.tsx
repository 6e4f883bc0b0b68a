import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import type { ChatSummary } from '../../../../electron/shared/domain.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';

interface DeleteChatDialogProps {
  chat: ChatSummary;
  open: boolean;
  onOpenChange(open: boolean): void;
  onConfirm(): Promise<Result<unknown>>;
  /** Where keyboard focus goes when the dialog closes without deleting. */
  returnFocus(): void;
}

/** Asks before deleting a chat; deleting cannot be undone. */
export function DeleteChatDialog({ chat, open, onOpenChange, onConfirm, returnFocus }: DeleteChatDialogProps) {
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function confirm() {
    setDeleting(true);
    const result = await onConfirm();
    setDeleting(false);
    if (result.ok) onOpenChange(false);
    else setError(result.error);
  }

  const what =
    chat.messageCount === 0
      ? `“${chat.title}”`
      : `“${chat.title}” and its ${chat.messageCount === 1 ? 'message' : `${chat.messageCount} messages`}`;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocus();
          }}
        >
          <Dialog.Title className="dialog-title">Delete this chat?</Dialog.Title>
          <Dialog.Description className="dialog-description">
            {what} will be removed from this computer. This cannot be undone.
          </Dialog.Description>
          {error && <InlineAlert error={error} prefix="Could not delete the chat" />}
          <div className="dialog-actions">
            <Dialog.Close className="button">Cancel</Dialog.Close>
            <button type="button" className="button button-danger" disabled={deleting} onClick={() => void confirm()}>
              {deleting ? 'Deleting…' : 'Delete chat'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
