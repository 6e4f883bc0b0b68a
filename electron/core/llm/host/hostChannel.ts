import type { HostReply } from './protocol.js';

/** The model host's (or another child process's) line to core, whichever way it was started. */
export interface HostChannel<Reply extends object = HostReply> {
  send(reply: Reply): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Electron's utilityProcess gives the child `process.parentPort`; Node's `child_process.fork` gives it
 * `process.send`. Core runs the same host code under both.
 */
export function connectToParent(): HostChannel {
  return connectProcessToParent('model host');
}

/** `connectToParent` for any of core's child processes; `name` is for the error when run by hand. */
export function connectProcessToParent(name: string): HostChannel<object> {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (reply) => parentPort.postMessage(reply),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // A forked host whose parent died has nobody to answer: exit instead of holding the model in memory.
    process.on('disconnect', () => process.exit(0));
    return {
      send: (reply) => void send(reply),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error(`The Enclave ${name} must be started by Enclave, not run directly.`);
}
