import type { HostRequest } from './protocol.js';

export interface HostExit {
  code: number | null;
  signal: string | null;
}

/** A running model-host process, whatever started it. */
export interface HostProcess {
  send(request: HostRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  kill(): void;
}

/**
 * Starts a model host. Core defines the interface; the Electron shell supplies one built on
 * `utilityProcess`, and the CLI and tests use `createForkLauncher`.
 */
export type HostLauncher = () => HostProcess;
