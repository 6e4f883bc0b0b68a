import type { HostRequest } from './protocol.js';

export interface HostExit {
  code: number | null;
  signal: string | null;
}

/**
 * A running child process that core talks to in messages (the model host; the document reader with its
 * own `Request`), whatever started it.
 */
export interface HostProcess<Request extends object = HostRequest> {
  send(request: Request): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  kill(): void;
}

/**
 * Starts a model host (or, with its `Request`, another of core's child processes). Core defines the
 * interface; the Electron shell supplies one built on `utilityProcess`, and the CLI and tests use
 * `createForkLauncher`. Both launchers send any message object, so one serves every `Request`.
 */
export type HostLauncher<Request extends object = HostRequest> = () => HostProcess<Request>;
