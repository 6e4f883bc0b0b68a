import path from 'node:path';
import { EnclaveError } from '../core/errors.js';
import type { ModelInfo } from '../shared/domain.js';
import type { Session } from './session.js';

/**
 * Finds a catalog model by id, file name, display name or path, whatever its integrity: `info`,
 * `verify`, `accept` and `remove` must reach a changed or missing model, which `chat` refuses.
 */
export async function findModel(session: Session, reference: string): Promise<ModelInfo> {
  const { models } = await session.request('models.list', {});
  const resolved = path.resolve(reference);
  const matches = (model: ModelInfo) =>
    model.id === reference ||
    model.fileName === reference ||
    model.name === reference ||
    model.path === resolved ||
    model.parts.includes(resolved);
  const found = models.find((model) => model.id === reference) ?? models.find(matches);
  if (!found) {
    throw new EnclaveError('not-found', `No model "${reference}" in the catalog. See "enclave models list" for the ids.`);
  }
  return found;
}
