import { useEffect } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { ModelCatalogState } from '../models/useModelCatalog.js';
import { useRemote } from '../remote/RemoteProvider.js';

/**
 * Opening a chat picks the model it answers with (stored with it at each send): a chat that used a
 * local model reopens on it, never on a remote model another chat picked; a chat that has not sent
 * yet keeps the picker as it is.
 */
export function useChatModel(chat: ChatSummary | null, models: Pick<ModelCatalogState, 'select'>): void {
  const remote = useRemote();
  const select = models.select;
  const selectRemote = remote?.select;
  const model = chat?.model ?? null;
  // One key for the chat and its model: applied when either changes, not on every list refresh.
  const key = chat && model ? `${chat.id}\u0000${JSON.stringify(model)}` : null;
  useEffect(() => {
    if (key === null || model === null) return;
    if (model.kind === 'local') {
      selectRemote?.(null);
      select(model.modelId);
    } else {
      selectRemote?.({ endpointId: model.endpointId, model: model.model });
    }
    // `model` is read through `key`, which names it exactly.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the chat and its model, see above
  }, [key, select, selectRemote]);
}
