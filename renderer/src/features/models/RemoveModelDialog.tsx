import { useState } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
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

  async function remove() {
    const result = await settle(() => enclave().models.remove({ modelId: model.id, deleteFile }));
    if (result.ok) onRemoved();
    return result;
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Remove ${model.name}?`}
      description={
        model.storage === 'copied'
          ? `It leaves your library and Enclave’s copy of the file is deleted (${model.path}). Chats that used it keep their messages.`
          : `It leaves your library; the file stays where it is (${model.path}). Chats that used it keep their messages.`
      }
      confirmLabel="Remove model"
      busyLabel="Removing…"
      errorPrefix="Could not remove the model"
      onConfirm={remove}
    >
      {model.storage === 'linked' && (
        <label className="checkbox">
          <input type="checkbox" checked={deleteFile} onChange={(event) => setDeleteFile(event.target.checked)} />
          Also delete the original file from disk
        </label>
      )}
    </ConfirmDialog>
  );
}
