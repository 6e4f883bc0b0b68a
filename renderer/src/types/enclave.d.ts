import type { EnclaveApi } from '@shared/api.js';

declare global {
  interface Window {
    /** The typed API the preload script exposes; the renderer's only way to reach the app. */
    readonly enclave: EnclaveApi | undefined;
  }
}

export {};
