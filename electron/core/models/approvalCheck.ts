import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelInfo } from '../../shared/domain.js';
import type { Policy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import { hashFiles } from '../files/hashing.js';
import { modelApproval, policyOwner } from '../policy/modelApproval.js';

/**
 * The machine policy's approved models (policy `models`), enforced where every load passes
 * (`ModelRegistry.resolveForLoad`). Files in the bundled models folder, which the installer writes and
 * only an administrator can change, are approved without being listed. Every other file is judged on
 * its own bytes, hashed in this process, not on the SHA-256 the catalog recorded: the database is the
 * user's to edit. Each file is hashed once per process and version of the file, told apart by the stat
 * fields a user cannot set back (inode, size, change time).
 */
export class ModelApprovalCheck {
  private readonly hashes = new Map<string, string>();

  constructor(
    /** The policy in force, read at each load (a policy that changes while the app runs applies to the next load). */
    private readonly policy: () => Policy,
    private readonly bundledFolders: readonly string[],
  ) {}

  /** The catalog's models the policy refuses, by id, judged on their recorded hashes (cheap; a load hashes afresh). */
  unapproved(models: readonly ModelInfo[]): string[] {
    const approval = modelApproval(this.policy());
    if (!approval.restricted) return [];
    const approved = (file: { sha256: string }, paths: readonly string[]) => this.isBundled(paths) || approval.listed(file.sha256);
    return models
      .filter((model) => !approved(model, model.parts) || model.adapters.some((adapter) => !approved(adapter, [adapter.path])))
      .map((model) => model.id);
  }

  /** Throws `model-not-approved`, naming the policy, when the model or one of its adapters may not load. */
  async assertMayLoad(model: ModelInfo): Promise<void> {
    const policy = this.policy();
    const approval = modelApproval(policy);
    if (!approval.restricted) return;
    const owner = policyOwner(policy);
    if (!this.isBundled(model.parts)) {
      const sha256 = await this.hashOf(model.parts);
      if (!approval.listed(sha256)) {
        throw new EnclaveError(
          'model-not-approved',
          `${owner} allows only approved models; ${model.name} (sha256 ${sha256}) is not one of them. Pick an approved model, or ask your IT department to approve this one.`,
        );
      }
    }
    for (const adapter of model.adapters) {
      if (this.isBundled([adapter.path])) continue;
      const sha256 = await this.hashOf([adapter.path]);
      if (!approval.listed(sha256)) {
        throw new EnclaveError(
          'model-not-approved',
          `${owner} allows only approved models and adapters; the adapter ${adapter.name} (sha256 ${sha256}) attached to ${model.name} is not one of them. Detach it, or ask your IT department to approve it.`,
        );
      }
    }
  }

  private isBundled(paths: readonly string[]): boolean {
    return paths.every((file) => this.bundledFolders.some((folder) => isInside(folder, file)));
  }

  private async hashOf(paths: readonly string[]): Promise<string> {
    const stats = await Promise.all(paths.map((file) => fs.stat(file)));
    const version = paths.map((file, index) => `${file}\0${stats[index]?.ino}\0${stats[index]?.size}\0${stats[index]?.ctimeMs}\0${stats[index]?.mtimeMs}`).join('\0');
    const known = this.hashes.get(version);
    if (known) return known;
    const sha256 = await hashFiles(paths, () => undefined);
    this.hashes.set(version, sha256);
    return sha256;
  }
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}
