import type { GrantPurpose } from '../../shared/fileGrants.js';
import { EnclaveError } from '../errors.js';
import type { CoreContext } from './context.js';

/**
 * The paths behind a request's grants, every one checked before anything is read: one grant that is
 * unknown, expired or made for another purpose refuses the whole request.
 */
export function grantedPaths(core: CoreContext, grants: readonly string[], purpose: GrantPurpose): string[] {
  const registry = core.services.fileGrants;
  if (!registry) throw new EnclaveError('file-not-granted', 'No file can be granted here: pick or drop files in the Enclave window.');
  return grants.map((grant) => registry.resolve(grant, purpose).path);
}

/** The file behind one grant, to write (a save dialog's answer): a folder is refused, as nothing can be written in its place. */
export function grantedFile(core: CoreContext, grant: string, purpose: GrantPurpose): string {
  const registry = core.services.fileGrants;
  if (!registry) throw new EnclaveError('file-not-granted', 'No file can be granted here: choose where to save in the Enclave window.');
  const granted = registry.resolve(grant, purpose);
  if (granted.kind !== 'file') throw new EnclaveError('invalid-request', 'Choose a file, not a folder.');
  return granted.path;
}
