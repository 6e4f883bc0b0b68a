import type { ModelInfo } from '@shared/domain.js';

/** Red when the file is not what was imported; nothing when it is. */
export function IntegrityBadge({ model }: { model: ModelInfo }) {
  if (model.integrity === 'ok') return null;
  return (
    <span className="badge badge-danger" data-integrity={model.integrity}>
      {model.integrity === 'changed' ? 'Changed since import' : 'File missing'}
    </span>
  );
}

export const storageLabels: Record<ModelInfo['storage'], string> = {
  copied: 'Copied',
  linked: 'Linked',
  bundled: 'Bundled',
};
