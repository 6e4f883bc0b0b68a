import type { AuditDetails } from '../../shared/audit.js';
import type { LoadedModelInfo, ModelInfo, VerifyResult } from '../../shared/domain.js';

/**
 * What the audit trail keeps of the catalog's acts: ids, SHA-256 hashes, sizes and names, never a
 * path (it names the user's folders).
 */
export function modelImportedDetails(info: ModelInfo, via: 'import' | 'folder'): AuditDetails {
  return { modelId: info.id, sha256: info.sha256, sizeBytes: info.sizeBytes, name: info.name, storage: info.storage, parts: info.parts.length, via };
}

/** A check of one model (`scope` its id) or all: the counts, and each model that is not `ok` with what it is. */
export function modelVerifiedDetails(scope: string, results: readonly VerifyResult[]): AuditDetails {
  const notOk = results.filter((result) => result.integrity !== 'ok');
  return {
    scope,
    checked: results.length,
    ok: results.length - notOk.length,
    changed: notOk.filter((result) => result.integrity === 'changed').length,
    missing: notOk.filter((result) => result.integrity === 'missing').length,
    notOk: Object.fromEntries(notOk.map((result) => [result.modelId, result.integrity])),
  };
}

/** A model that came into memory: which file (its hash), and which adapters with it (id: hash). */
export function modelLoadedDetails(model: ModelInfo, info: LoadedModelInfo): AuditDetails {
  const adapters = model.adapters.filter((adapter) => info.adapterIds.includes(adapter.id));
  return {
    modelId: model.id,
    sha256: model.sha256,
    name: model.name,
    adapters: Object.fromEntries(adapters.map((adapter) => [adapter.id, adapter.sha256])),
    gpu: info.gpu,
    contextSize: info.contextSize,
  };
}
