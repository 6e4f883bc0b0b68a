import path from 'node:path';
import type { IpcMain, WebContents } from 'electron';
import { toAppError } from '../core/errors.js';
import type { FileGrantRegistry } from '../core/files/fileGrants.js';
import { dropGrantChannel } from '../shared/api.js';
import type { Result } from '../shared/errors.js';
import { dropGrantRequestSchema, type GrantPurpose } from '../shared/fileGrants.js';
import { type SenderCheck, untrustedFrame } from './ipc.js';

/**
 * The shell's side of file grants (shared/fileGrants.ts): main owns the one registry, gives each
 * window grants for what its user picked or dropped, and revokes them when the window's page goes
 * (closed, reloaded, navigated), so a grant is good for that window's session only.
 */
export interface WindowFileGrants {
  /** Grants each path to the window (null: no window was focused; then no page holds the grant). */
  grant(owner: Pick<WebContents, 'id' | 'once' | 'on'> | null, paths: readonly string[], purpose: GrantPurpose): Promise<string[]>;
}

export function createWindowFileGrants(registry: FileGrantRegistry): WindowFileGrants {
  const watched = new Set<number>();
  function ownerOf(contents: Pick<WebContents, 'id' | 'once' | 'on'> | null): string {
    if (!contents) return 'no-window';
    const owner = `window-${contents.id}`;
    if (!watched.has(contents.id)) {
      watched.add(contents.id);
      contents.on('did-navigate', () => registry.revokeOwner(owner));
      contents.once('destroyed', () => {
        registry.revokeOwner(owner);
        watched.delete(contents.id);
      });
    }
    return owner;
  }
  return {
    grant: (contents, paths, purpose) => {
      const owner = ownerOf(contents);
      return Promise.all(paths.map((filePath) => registry.grant(filePath, purpose, owner)));
    },
  };
}

const notADrop: Result<never> = {
  ok: false,
  error: { code: 'invalid-request', message: 'That is not a file dropped on the window.' },
};

/**
 * Answers the preload's request for a grant to a dropped file. Main cannot verify the drop itself:
 * the trust boundary is the preload. It is our code, runs isolated from the page, and asks only with
 * the path Chromium reports for a File the page hands it (webUtils.getPathForFile: a File from a real
 * drop or file input has one; a File a script made has none). The page never sends or sees a path,
 * and `window.enclave` offers no way to name one. What this does not stop is a renderer process
 * compromised below the page (native code execution), which could send this message itself; the
 * sandbox is the defence there. Returns a function that removes the handler.
 */
export function registerDropGrants(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  grants: WindowFileGrants,
  isTrustedSender: SenderCheck,
): () => void {
  ipcMain.handle(dropGrantChannel, async (event, filePath: unknown, purpose: unknown): Promise<Result<string>> => {
    if (!isTrustedSender(event)) return untrustedFrame;
    const request = dropGrantRequestSchema.safeParse({ path: filePath, purpose });
    if (!request.success || !path.isAbsolute(request.data.path)) return notADrop;
    try {
      const [grant = ''] = await grants.grant(event.sender, [request.data.path], request.data.purpose);
      return { ok: true, value: grant };
    } catch (error) {
      return { ok: false, error: toAppError(error) };
    }
  });
  return () => ipcMain.removeHandler(dropGrantChannel);
}
