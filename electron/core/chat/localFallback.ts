import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../shared/domain.js';
import type { ModelRegistry } from '../models/registry.js';
import { lastLocalModelId } from './store/messages.js';

/**
 * The local model a request kept local by policy goes to: the one this chat last used locally, else
 * the first usable model in the catalog; null when there is none.
 */
export async function localFallbackModel(db: Database, registry: ModelRegistry, chatId: string): Promise<ModelInfo | null> {
  const lastUsed = lastLocalModelId(db, chatId);
  const catalog = await registry.list();
  const candidates = [
    ...(lastUsed ? catalog.models.filter((model) => model.id === lastUsed) : []),
    ...catalog.models.filter((model) => model.integrity === 'ok' && model.purpose === 'chat' && model.hasChatTemplate),
  ];
  for (const candidate of candidates) {
    try {
      return await registry.resolveForLoad(candidate.id);
    } catch {
      // Changed or missing: try the next.
    }
  }
  return null;
}
