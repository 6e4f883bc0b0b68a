import type { Handlers } from '../ipc/dispatch.js';
import { assertOcrLanguagesInstalled, installedOcrLanguages } from '../documents/parse/ocrLanguages.js';
import { changeAppSettings, readAppSettings } from '../settings/appSettings.js';
import type { CoreContext } from './context.js';

type SystemHandlers = Pick<Handlers, 'app.status' | 'system.hardware' | 'settings.get' | 'settings.update' | 'settings.ocrLanguages'>;

export function systemHandlers(core: CoreContext): SystemHandlers {
  return {
    // A copy: the spread reads `erasurePending` now, and IPC carries plain values.
    'app.status': () => ({ ...core.status }),
    'system.hardware': () => core.provider.hardware(),
    'settings.get': () => readAppSettings(core.database()),
    'settings.update': (changes) => {
      // A language that is not installed fails here, in Settings, not later in every scan's import.
      if (changes.ocrLanguages) assertOcrLanguagesInstalled(changes.ocrLanguages);
      const { before, after: settings } = changeAppSettings(core.database(), core.audit(), changes);
      core.provider.configure(settings);
      // A new embedding model re-indexes the library in the background, with progress events.
      if (settings.embeddingModelId !== before.embeddingModelId) void core.documents().reindex().catch(() => undefined);
      return settings;
    },
    'settings.ocrLanguages': () => installedOcrLanguages(),
  };
}
