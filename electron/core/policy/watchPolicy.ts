import fs from 'node:fs';
import path from 'node:path';
import { loadPolicyFrom } from './loadPolicy.js';
import { nodeMachineAccess } from './machineAccess.js';
import { PolicyHolder } from './policyHolder.js';
import { type PolicyReadOptions, type PolicySources, policySources } from './policySources.js';

/** How to follow the policy while the app runs. */
export interface PolicyWatchOptions extends PolicyReadOptions {
  /**
   * How often every source is read again, whatever the file watches said: the registry and managed
   * preferences have no watch Node can use, and a watch can miss an event. Default 30 s.
   */
  pollIntervalMs?: number;
  /** How long after a file event the sources are read, so that an editor's several writes are one change. Default 500 ms. */
  debounceMs?: number;
}

/** The policy in force, kept current while it runs. */
export interface PolicyWatcher {
  readonly policies: PolicyHolder;
  /** Reads every source now; true when the policy changed. */
  check(): boolean;
  /** Stops watching and polling; the policy in force stays as it is. */
  close(): void;
}

/**
 * Reads the machine policy and follows it: `fs.watch` on the folders its files live in (or the nearest
 * one that exists, so a file or folder created later is seen), and a poll of every source, which is
 * how the registry (reg.exe) and the managed preferences (plutil) are followed: VS Code's
 * @vscode/policy-watcher does this natively, but it is a native module we would have to build for
 * every platform. When the content (its combined hash) changes, the holder's listeners hear it.
 */
export function watchPolicy(options: PolicyWatchOptions = {}): PolicyWatcher {
  const { pollIntervalMs = 30_000, debounceMs = 500, ...readOptions } = options;
  const located = policySources(readOptions);
  const access = readOptions.access ?? nodeMachineAccess;
  const policies = new PolicyHolder(loadPolicyFrom(located, access));
  const watchers = new Map<string, fs.FSWatcher>();
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    clearTimeout(pending);
    pending = setTimeout(check, debounceMs);
    pending.unref();
  };

  function check(): boolean {
    if (closed) return false;
    const changed = policies.replace(loadPolicyFrom(located, access));
    // A folder that appeared (policy.d created) is watched from now on; one removed is let go.
    watchFolders(foldersToWatch(located, readOptions.platform), watchers, schedule);
    return changed;
  }

  watchFolders(foldersToWatch(located, readOptions.platform), watchers, schedule);
  const poll = setInterval(check, pollIntervalMs);
  poll.unref();
  return {
    policies,
    check,
    close() {
      closed = true;
      clearTimeout(pending);
      clearInterval(poll);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** The folders whose changes may change the policy: each source's own folder, or its nearest existing ancestor. */
function foldersToWatch(located: PolicySources, platform = process.platform): Set<string> {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const folders = new Set<string>();
  for (const source of located.sources) {
    if (source.kind === 'registry') continue;
    const folder = source.kind === 'folder' ? source.path : paths.dirname(source.path);
    const existing = nearestExisting(folder, paths);
    if (existing) folders.add(existing);
    // A policy.d folder replaced whole (removed, created again) shows up in its parent.
    if (source.kind === 'folder') {
      const parent = nearestExisting(paths.dirname(folder), paths);
      if (parent) folders.add(parent);
    }
  }
  return folders;
}

function nearestExisting(folder: string, paths: typeof path.posix): string | null {
  for (let current = folder; ; current = paths.dirname(current)) {
    if (isFolder(current)) return current;
    if (paths.dirname(current) === current) return null;
  }
}

function isFolder(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

function watchFolders(wanted: ReadonlySet<string>, watchers: Map<string, fs.FSWatcher>, onEvent: () => void): void {
  for (const [folder, watcher] of watchers) {
    if (wanted.has(folder)) continue;
    watcher.close();
    watchers.delete(folder);
  }
  for (const folder of wanted) {
    if (watchers.has(folder)) continue;
    try {
      const watcher = fs.watch(folder, { persistent: false }, onEvent);
      // A watch that fails later (the folder removed) leaves the poll to notice; it is set again at the next check.
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    } catch {
      // Not allowed to watch it: the poll still reads it.
    }
  }
}
