import { randomBytes } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GrantPurpose } from '../../shared/fileGrants.js';
import { EnclaveError } from '../errors.js';

/** The file or folder a grant stands for. A folder grant covers its supported files, nothing beside it. */
export interface GrantedPath {
  path: string;
  kind: 'file' | 'folder';
}

/**
 * How core turns the grants a request carries into paths (shared/fileGrants.ts): the only way a
 * request from a window names a file to read. The shell owns the grants and gives core this view.
 */
export interface FileGrants {
  /** The file or folder behind a live grant made for `purpose`; throws `file-not-granted` for any other. */
  resolve(grant: string, purpose: GrantPurpose): GrantedPath;
}

interface GrantEntry extends GrantedPath {
  purpose: GrantPurpose;
  /** Who the grant was given to (a window); revoking the owner revokes its grants. */
  owner: string;
}

/**
 * Grants the shell hands out: a random 128-bit id per file or folder the user chose, good for one
 * purpose, until its owner (a window's page) goes away. Plain Node, so the Electron shell, the CLI
 * (which grants the paths the user typed) and the tests share it.
 */
export class FileGrantRegistry implements FileGrants {
  private readonly grants = new Map<string, GrantEntry>();

  /**
   * Grants `filePath` to `owner` for `purpose`. A folder that is the filesystem root, the user's home,
   * or one holding the home is refused (`folder-too-broad`): it would stand for the whole disk. A path
   * that does not exist is granted as a file, so reading it reports it missing by name.
   */
  async grant(filePath: string, purpose: GrantPurpose, owner = 'default'): Promise<string> {
    if (!path.isAbsolute(filePath)) throw new EnclaveError('invalid-request', `A granted path must be absolute: ${filePath}.`);
    const resolved = path.resolve(filePath);
    const info = await stat(resolved).catch(() => null);
    const kind = info?.isDirectory() ? 'folder' : 'file';
    if (kind === 'folder') await assertNarrowFolder(resolved);
    const grant = randomBytes(16).toString('hex');
    this.grants.set(grant, { path: resolved, kind, purpose, owner });
    return grant;
  }

  resolve(grant: string, purpose: GrantPurpose): GrantedPath {
    const entry = this.grants.get(grant);
    if (!entry || entry.purpose !== purpose) {
      throw new EnclaveError(
        'file-not-granted',
        'Enclave was not given that file: it was not picked or dropped in this window, or the window has reloaded since. Pick it again.',
      );
    }
    return { path: entry.path, kind: entry.kind };
  }

  /** Forgets every grant given to `owner` (its window closed or loaded another page); how many. */
  revokeOwner(owner: string): number {
    let revoked = 0;
    for (const [grant, entry] of this.grants) {
      if (entry.owner !== owner) continue;
      this.grants.delete(grant);
      revoked++;
    }
    return revoked;
  }
}

/** Refuses a folder that stands for the whole disk or the whole home (a symlink to one included). */
export async function assertNarrowFolder(folder: string, home = os.homedir()): Promise<void> {
  const real = await realpath(folder).catch(() => path.resolve(folder));
  const realHome = await realpath(home).catch(() => path.resolve(home));
  const what = path.parse(real).root === real ? 'the whole disk' : real === realHome ? 'your whole home folder' : isInside(real, realHome) ? 'a folder holding your whole home folder' : null;
  if (what === null) return;
  throw new EnclaveError(
    'folder-too-broad',
    `${folder} is ${what}: Enclave does not read a folder that large. Pick the folder that holds the files instead.`,
  );
}

function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
