import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { CopyButton } from '../../components/CopyButton.js';

interface RecoveryKeyDialogProps {
  /** The key to show; the dialog is open while there is one. */
  recoveryKey: string | null;
  /** What this key replaces, or why it is shown (a key change makes the old one useless). */
  note: ReactNode;
  onClose: () => void;
  /** Where keyboard focus goes on close: the button that led here may be gone by then. */
  returnFocus: () => void;
}

/**
 * Shows a recovery key once, with a way to copy it: Enclave keeps no copy it could show again. It
 * opens the data when the keychain and the passphrase cannot, so it goes to IT to escrow, not on a
 * sticky note.
 */
export function RecoveryKeyDialog({ recoveryKey, note, onClose, returnFocus }: RecoveryKeyDialogProps) {
  return (
    <Dialog.Root
      open={recoveryKey !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog storage-dialog"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocus();
          }}
        >
          <Dialog.Title className="dialog-title">Recovery key</Dialog.Title>
          <Dialog.Description className="dialog-description">
            This is the only time Enclave shows this key. Give it to IT to keep in escrow: with it, your data can be opened if the
            keychain or the passphrase is lost.
          </Dialog.Description>
          <p className="recovery-key">
            <code>{recoveryKey}</code>
          </p>
          <div className="button-row">
            <CopyButton text={recoveryKey ?? ''} what="recovery key" />
          </div>
          <div className="storage-warning">{note}</div>
          <div className="dialog-actions">
            <Dialog.Close className="button button-primary">I have stored it</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
