import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import type { ModelInfo } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';

interface RemoveModelDialogProps {
  model: ModelInfo;
  open: boolean;
  onOpenChange(open: boolean): void;
  onRemoved(): void;
}

/**
 * Asks before taking a model out of the library. Enclave's own copy is always deleted with it; a linked
 * file stays where it is unless the user ticks the box.
 */
export function RemoveModelDialog({ model, open, onOpenChange, onRemoved }: RemoveModelDialogProps) {
  const [deleteFile, setDeleteFile] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function confirm() {
    setRemoving(true);
    const result = await settle(() => enclave().models.remove({ modelId: model.id, deleteFile }));
    setRemoving(false);
    if (!result.ok) return setError(result.error);
    onOpenChange(false);
    onRemoved();
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
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog-title">Remove {model.name}?</Dialog.Title>
          <Dialog.Description className="dialog-description">
            {model.storage === 'copied'
              ? `It leaves your library and Enclave’s copy of the file is deleted (${model.path}). Chats that used it keep their messages.`
              : `It leaves your library; the file stays where it is (${model.path}). Chats that used it keep their messages.`}
          </Dialog.Description>
          {model.storage === 'linked' && (
            <label className="checkbox">
              <input type="checkbox" checked={deleteFile} onChange={(event) => setDeleteFile(event.target.checked)} />
              Also delete the original file from disk
            </label>
          )}
          {error && <InlineAlert error={error} prefix="Could not remove the model" />}
          <div className="dialog-actions">
            <Dialog.Close className="button">Cancel</Dialog.Close>
            <button type="button" className="button button-danger" disabled={removing} onClick={() => void confirm()}>
              {removing ? 'Removing…' : 'Remove model'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
