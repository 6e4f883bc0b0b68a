import { getChat } from '../chat/store/chats.js';
import { findCollectionByName } from '../documents/store/collections.js';
import type { Handlers } from '../ipc/dispatch.js';
import { deletePreset, exportPresets, getPreset, importPresets, savePreset, setChatPreset } from '../presets/presets.js';
import { listPresets } from '../presets/store/presets.js';
import type { CoreContext } from './context.js';

type PresetHandlers = Pick<Handlers, 'presets.list' | 'presets.save' | 'presets.delete' | 'presets.export' | 'presets.import' | 'chats.setPreset'>;

export function presetHandlers(core: CoreContext): PresetHandlers {
  return {
    'presets.list': () => listPresets(core.database()),
    'presets.save': ({ presetId, preset }) => {
      const saved = savePreset(core.database(), preset as never, presetId);
      core.emit({ type: 'presets.changed' });
      return saved;
    },
    'presets.delete': ({ presetId }) => {
      deletePreset(core.database(), presetId);
      core.emit({ type: 'presets.changed' });
      return { presetId };
    },
    'presets.export': ({ presetIds }) => ({ fileName: 'enclave-presets.json', content: exportPresets(core.database(), presetIds) }),
    'presets.import': ({ content }) => {
      const report = importPresets(core.database(), content);
      core.emit({ type: 'presets.changed' });
      return report;
    },
    'chats.setPreset': ({ chatId, presetId }) => {
      const db = core.database();
      setChatPreset(db, chatId, presetId);
      if (presetId !== null) {
        // The preset's collections (by name, so a preset file works on any machine) join the chat's.
        const preset = getPreset(db, presetId);
        const named = preset.defaultCollections.flatMap((name) => findCollectionByName(db, name) ?? []);
        if (named.length > 0) {
          const attached = getChat(db, chatId).collectionIds;
          core.documents().setChatCollections(chatId, [...new Set([...attached, ...named.map((collection) => collection.id)])]);
        }
      }
      core.emit({ type: 'chats.changed' });
      return getChat(db, chatId);
    },
  };
}
