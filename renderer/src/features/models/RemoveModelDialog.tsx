import type { ModelInfo } from '@shared/domain.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { enclave, settle } from '../../lib/api.js';

interface RemoveModelDialogProps {
  model: ModelInfo;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRemoved: () => void;
}

/**
 * Asks before taking a model out of the library. Enclave's own copy (in its data folder) is deleted
 * with it; a linked file is the user's and always stays where it is: Enclave never deletes it.
 */
export function RemoveModelDialog({ model, open, onOpenChange, onRemoved }: RemoveModelDialogProps) {
  async function remove() {
    const result = await settle(() => enclave().models.remove({ modelId: model.id }));
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
          : `It leaves your library; the file stays where it is (${model.path}): Enclave never deletes a file it did not copy. Chats that used it keep their messages.`
      }
      confirmLabel="Remove model"
      busyLabel="Removing…"
      errorPrefix="Could not remove the model"
      onConfirm={remove}
    />
  );
}
