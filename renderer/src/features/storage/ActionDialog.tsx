import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';

interface ActionDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  /** The form's fields, between the description and the buttons. */
  children?: ReactNode;
  submitLabel: string;
  busyLabel: string;
  /** Said (and announced) while the action runs, when there is more to say than the busy label. */
  busyNote?: string;
  /** While true the action runs: the buttons are disabled and the dialog cannot be closed. */
  busy: boolean;
  /** True while the form cannot be sent yet (a field still empty or invalid). */
  submitBlocked?: boolean;
  error: AppError | null;
  errorPrefix: string;
  onSubmit: () => void;
}

/**
 * A modal form for one storage action (encrypt, change the key, set the passphrase): a primary
 * button that submits, the error in place, and no way to close it while the database is rewritten.
 */
export function ActionDialog(props: ActionDialogProps) {
  const { open, onOpenChange, title, description, children, submitLabel, busyLabel, busyNote, busy, submitBlocked, error, errorPrefix, onSubmit } =
    props;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!busy) onOpenChange(next);
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog storage-dialog">
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          <Dialog.Description className="dialog-description">{description}</Dialog.Description>
          <form
            className="settings-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!busy && !submitBlocked) onSubmit();
            }}
          >
            {children}
            {error && <InlineAlert error={error} prefix={errorPrefix} />}
            <p role="status" className="muted storage-dialog-progress">
              {busy ? (busyNote ?? busyLabel) : ''}
            </p>
            <div className="dialog-actions">
              <Dialog.Close className="button" disabled={busy}>
                {error ? 'Close' : 'Cancel'}
              </Dialog.Close>
              <button type="submit" className="button button-primary" disabled={busy || submitBlocked}>
                {busy ? busyLabel : submitLabel}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
