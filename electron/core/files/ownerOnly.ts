import fs from 'node:fs';

/**
 * Owner-only files on POSIX: the data folder 0700, the database, its WAL and SHM, the key file and
 * exports 0600. The mode is set outright with chmod after creating, since a mode given to mkdir or
 * open goes through the umask and leaves an existing file as it was. On Windows the files inherit the
 * ACL of the user's profile folder, which other users cannot read; chmod there only toggles read-only.
 */
const posix = process.platform !== 'win32';

/** Creates `dir` (and its parents) and makes it 0700. */
export function ensureOwnerOnlyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!posix) return;
  try {
    fs.chmodSync(dir, 0o700);
  } catch (error) {
    // A folder someone else owns (ENCLAVE_DATA_DIR pointing at it) cannot be tightened; its files still are.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/** Creates `file` empty when it is absent, and makes it 0600 either way (its content is untouched). */
export function ensureOwnerOnlyFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  if (posix) fs.chmodSync(file, 0o600);
}

/** Makes `file` 0600 when it exists. */
export function restrictToOwner(file: string): void {
  if (!posix) return;
  try {
    fs.chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
