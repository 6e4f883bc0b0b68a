import { isModelLoadError } from '../../shared/errors.js';
import { toAppError } from '../errors.js';
import { updateModelProbe } from '../models/store/models.js';
import type { Handlers } from '../ipc/dispatch.js';
import { recommendModels } from '../models/recommendations.js';
import type { CoreContext } from './context.js';
import { grantedPaths } from './grantedFiles.js';

type ModelHandlers = Pick<
  Handlers,
  | 'models.list'
  | 'models.import'
  | 'models.importPaths'
  | 'models.cancelImport'
  | 'models.remove'
  | 'models.verify'
  | 'models.accept'
  | 'models.updateSettings'
  | 'models.estimate'
  | 'models.load'
  | 'models.unload'
  | 'models.runtime'
  | 'models.addAdapter'
  | 'models.updateAdapter'
  | 'models.removeAdapter'
  | 'models.probe'
  | 'models.recommendations'
>;

/** Every window hears about a load that failed, whichever window (or the CLI) started it. */
async function reportingLoad<T>(core: CoreContext, modelId: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const appError = toAppError(error);
    if (isModelLoadError(appError.code)) core.emit({ type: 'model.load-failed', modelId, error: appError });
    throw error;
  }
}

export function modelHandlers(core: CoreContext): ModelHandlers {
  const { provider } = core;
  /** A model whose file or settings change must not keep running with the old ones. */
  const unloadIfLoaded = async (modelId: string) => {
    if (provider.loaded().some((loaded) => loaded.modelId === modelId)) await provider.unload(modelId);
  };
  return {
    'models.list': () => core.models().list(),
    'models.import': async ({ mode, pick }, onEvent) => {
      const grants = await core.services.pickModelFiles?.(pick);
      if (!grants || grants.length === 0) return null;
      return core.models().importPaths(grantedPaths(core, grants, 'models'), mode, onEvent);
    },
    'models.importPaths': ({ grants, mode }, onEvent) => core.models().importPaths(grantedPaths(core, grants, 'models'), mode, onEvent),
    'models.cancelImport': ({ importId }) => ({ cancelled: core.models().cancelImport(importId) }),
    // `deleteFile` changes nothing: only Enclave's own copies are ever deleted (ModelRegistry.remove).
    'models.remove': async ({ modelId }) => {
      await unloadIfLoaded(modelId);
      return core.models().remove(modelId);
    },
    'models.verify': ({ modelId }) => core.models().verify(modelId),
    'models.accept': async ({ modelId }) => {
      await unloadIfLoaded(modelId);
      return core.models().accept(modelId);
    },
    'models.updateSettings': async ({ modelId, settings }) => {
      const before = core.models().get(modelId).settings;
      const model = core.models().updateSettings(modelId, settings);
      // Thinking is read with each reply: a change to it alone leaves the loaded model in memory.
      const changed = Object.keys(before).filter((key) => before[key as keyof typeof before] !== model.settings[key as keyof typeof before]);
      if (changed.length === 0 || changed.some((key) => key !== 'thinking')) await unloadIfLoaded(modelId);
      return model;
    },
    'models.estimate': ({ modelId, settings }) => provider.estimate(core.models().get(modelId), settings),
    'models.load': ({ modelId }) =>
      reportingLoad(core, modelId, async () => {
        const model = await core.models().resolveForLoad(modelId);
        const info = await provider.load(model, (progress) => core.emit({ type: 'model.loading', modelId, progress }));
        core.emit({ type: 'model.loaded', info });
        return info;
      }),
    'models.unload': async ({ modelId }) => ({ unloaded: await provider.unload(modelId) }),
    'models.runtime': () => ({ loaded: provider.loaded(), settings: core.settings() }),
    'models.addAdapter': async ({ modelId, grant, scale }) => {
      const adapterGrant = grant ?? (await core.services.pickAdapterFile?.());
      if (!adapterGrant) return null;
      const [adapterPath = ''] = grantedPaths(core, [adapterGrant], 'adapter');
      const adapter = await core.models().addAdapter(modelId, adapterPath, scale);
      await unloadIfLoaded(modelId);
      return adapter;
    },
    'models.updateAdapter': async ({ modelId, adapterId, scale }) => {
      const adapter = core.models().updateAdapter(modelId, adapterId, scale);
      await unloadIfLoaded(modelId);
      return adapter;
    },
    'models.removeAdapter': async ({ modelId, adapterId }) => {
      core.models().removeAdapter(modelId, adapterId);
      await unloadIfLoaded(modelId);
      return { adapterId };
    },
    'models.probe': ({ modelId }) =>
      reportingLoad(core, modelId, async () => {
        const model = await core.models().resolveForLoad(modelId);
        const probe = await provider.probe(model, (progress) => core.emit({ type: 'model.loading', modelId, progress }));
        updateModelProbe(core.database(), modelId, probe);
        const loaded = provider.loaded().find((info) => info.modelId === modelId);
        if (loaded) core.emit({ type: 'model.loaded', info: loaded });
        core.emit({ type: 'models.changed' });
        return probe;
      }),
    'models.recommendations': async () => recommendModels((await core.models().list()).models, await provider.hardware(), provider),
  };
}
