import type { ModelInfo, ModelPurpose } from '../../shared/models.js';
import type { ModelRegistry } from '../models/registry.js';
import { ApiError } from './apiErrors.js';

/** A model as `GET /v1/models` lists it: OpenAI's fields, and what Enclave knows besides. */
export interface ServedModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: 'enclave';
  name: string;
  purpose: ModelPurpose;
  context_length: number | null;
}

/** The catalog's models a client may use: those the policy lets load and whose file is as imported. */
export async function servedModels(registry: ModelRegistry): Promise<ServedModel[]> {
  const catalog = await registry.list();
  const unapproved = new Set(catalog.unapproved);
  return catalog.models
    .filter((model) => model.integrity === 'ok' && !unapproved.has(model.id))
    .map((model) => ({
      id: model.id,
      object: 'model',
      created: Math.floor(model.importedAt / 1000),
      owned_by: 'enclave',
      name: model.name,
      purpose: model.purpose,
      context_length: model.contextLength,
    }));
}

/**
 * The catalog model a request names, by id, file name or name, checked for loading (its file, the
 * policy's approved list) and for `purpose`. Never a path: a client cannot make Enclave open a file
 * the user did not import.
 */
export async function resolveServedModel(registry: ModelRegistry, reference: string, purpose: ModelPurpose): Promise<ModelInfo> {
  const catalog = await registry.list();
  const named = catalog.models.find((model) => model.id === reference) ?? catalog.models.find((model) => model.fileName === reference || model.name === reference);
  if (!named) {
    throw new ApiError(404, 'not_found_error', `The model "${reference}" is not in Enclave's catalog. GET /v1/models lists the models you can use.`, 'model_not_found', 'model');
  }
  if (named.purpose !== purpose) {
    const use = purpose === 'chat' ? '/v1/embeddings' : '/v1/chat/completions';
    throw new ApiError(400, 'invalid_request_error', `${named.name} is ${named.purpose === 'embedding' ? 'an embedding' : 'a chat'} model: use it with ${use}.`, 'model_wrong_purpose', 'model');
  }
  return registry.resolveForLoad(named.id);
}
