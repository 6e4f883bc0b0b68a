import { createReloadGate, type ReloadGate } from './reloadGate.js';

/** This window's reload gate (lib/reloadGate.ts): every reload after a storage change goes through it. */
export const windowReload: ReloadGate = createReloadGate(() => window.location.reload());
