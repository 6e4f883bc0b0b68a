import { ApiError } from '../apiErrors.js';
import type { ApiResponse } from '../apiResponse.js';
import type { ApiServices, RouteOutcome } from '../apiServices.js';
import { servedModels } from '../servedModels.js';

/** `GET /v1/models`: the local chat and embedding models a client may use, by id and name. */
export async function listModels(services: ApiServices, response: ApiResponse): Promise<RouteOutcome> {
  response.json(200, { object: 'list', data: await servedModels(services.models()) });
  return { model: null, stream: false, promptTokens: 0, completionTokens: 0 };
}

/** `GET /v1/models/{id}`: one of them. */
export async function retrieveModel(services: ApiServices, modelId: string, response: ApiResponse): Promise<RouteOutcome> {
  const model = (await servedModels(services.models())).find((served) => served.id === modelId || served.name === modelId);
  if (!model) throw new ApiError(404, 'not_found_error', `The model "${modelId}" is not one Enclave serves. GET /v1/models lists them.`, 'model_not_found', 'model');
  response.json(200, model);
  return { model: model.id, stream: false, promptTokens: 0, completionTokens: 0 };
}
