import * as Dialog from '@radix-ui/react-dialog';
import { type ReactNode, useState } from 'react';
import type { AppError, Result } from '@shared/errors.js';
import { InlineAlert } from './InlineAlert.js';

interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  /** Extra controls between the description and the buttons (a checkbox, say). */
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  /** Prefix of the in-place error when the action fails; the dialog then stays open. */
  errorPrefix: string;
  /** The destructive action; the dialog closes when it succeeds. */
  onConfirm: () => Promise<Result<unknown>>;
  /** Where keyboard focus goes on close, when the default (the trigger) is not right. */
  returnFocus?: () => void;
}

/**
 * The one shape of "are you sure?" in the app: a modal with a danger button that runs the action,
 * shows its error in place and keeps the dialog open when it fails, and clears the error on close.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, onOpenChange, title, description, children, confirmLabel, busyLabel, errorPrefix, onConfirm, returnFocus } =
    props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function confirm() {
    setBusy(true);
    const result = await onConfirm();
    setBusy(false);
    if (result.ok) onOpenChange(false);
    else setError(result.error);
  }

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
          onCloseAutoFocus={
            returnFocus &&
            ((event) => {
              event.preventDefault();
              returnFocus();
            })
          }
        >
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <Dialog.Description className="dialog-description">{description}</Dialog.Description>
          {children}
          {error && <InlineAlert error={error} prefix={errorPrefix} />}
          <div className="dialog-actions">
            <Dialog.Close className="button">Cancel</Dialog.Close>
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
              {busy ? busyLabel : confirmLabel}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
