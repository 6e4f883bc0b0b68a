import path from 'node:path';
import { EnclaveError } from '../../core/errors.js';
import type { ModelInfo, VerifyResult } from '../../shared/domain.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes } from '../errors.js';
import { findModel } from '../modelReference.js';
import { integrityLabel } from '../modelText.js';
import { printJson, printNotice, printTable } from '../output.js';
import { withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const jsonOption = { json: { type: 'boolean' } } as const;

/** `enclave models verify [<id>]`: re-hashes every model (or one); exit 1 when any changed or is missing. */
export async function verifyModels(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, jsonOption, modelsUsage);
  const [reference] = expectOperands(positionals, 0, 1, 'models verify [<id>]', modelsUsage);
  const results = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const modelId = reference === undefined ? undefined : (await findModel(session, reference)).id;
    return session.request('models.verify', modelId === undefined ? {} : { modelId });
  });
  if (values.json) printJson(results);
  else if (results.length === 0) process.stdout.write('No models to verify.\n');
  else printVerifyResults(results);
  const failed = results.filter((result) => result.integrity !== 'ok');
  if (failed.length === 0) return exitCodes.ok;
  const list = failed.map((result) => `${result.modelId} ${result.integrity}`).join(', ');
  printNotice(`${failed.length} of ${results.length} ${results.length === 1 ? 'model' : 'models'} failed verification (${list}).`);
  return exitCodes.failure;
}

function printVerifyResults(results: VerifyResult[]): void {
  printTable(
    ['ID', 'STATUS', 'SHA-256 NOW', 'NAME'],
    results.map((result) => [result.modelId, integrityLabel(result.integrity), result.sha256 ?? '-', result.name]),
  );
  for (const result of results) {
    if (result.integrity === 'changed') {
      process.stdout.write(`\n${result.modelId} changed since it was imported and will not load. If the new file is the one you want:\n`);
      process.stdout.write(`  enclave models accept ${result.modelId}\n`);
    } else if (result.integrity === 'missing') {
      process.stdout.write(`\n${result.modelId} is missing: put the file back, or: enclave models remove ${result.modelId}\n`);
    }
  }
}

/** `enclave models accept <id>`: takes a changed file as the model from now on. */
export async function acceptModel(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, jsonOption, modelsUsage);
  const [reference = ''] = expectOperands(positionals, 1, 1, 'models accept <id>', modelsUsage);
  const model = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const { id } = await findModel(session, reference);
    return session.request('models.accept', { modelId: id });
  });
  if (values.json) printJson(model);
  else process.stdout.write(`Accepted ${model.name} (${model.id}) as it is now.\n  sha256  ${model.sha256}\n`);
  return exitCodes.ok;
}

/**
 * `enclave models remove <id> [--delete-file]`: forgets a model. Removing a copied model deletes the
 * copy (core does so: a copy left in the models folder would be found again), so the CLI wants
 * --delete-file to say so. A linked or bundled file is never deleted from here: it is the user's own.
 */
export async function removeModel(context: CommandContext): Promise<number> {
  const options = { ...jsonOption, 'delete-file': { type: 'boolean' } } as const;
  const { values, positionals } = parseCommand(context.args, options, modelsUsage);
  const [reference = ''] = expectOperands(positionals, 1, 1, 'models remove <id> [--delete-file]', modelsUsage);
  const { model, removed } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const found = await findModel(session, reference);
    if (found.storage === 'copied' && !values['delete-file']) {
      throw new EnclaveError(
        'invalid-request',
        `Removing ${found.name} deletes Enclave's copy of it (${describeFiles(found)}); run "enclave models remove ${found.id} --delete-file" to do so.`,
      );
    }
    return { model: found, removed: await session.request('models.remove', { modelId: found.id, deleteFile: false }) };
  });
  if (values.json) printJson(removed);
  else if (removed.fileDeleted) process.stdout.write(`Removed ${model.name} (${model.id}) and deleted its copy ${describeFiles(model)}.\n`);
  else {
    process.stdout.write(
      `Removed ${model.name} (${model.id}) from the catalog. Its file is ${model.storage}, not a copy Enclave made, so it stays: ${describeFiles(model)}.\n`,
    );
  }
  return exitCodes.ok;
}

function describeFiles(model: ModelInfo): string {
  return model.parts.length === 1 ? model.path : `${model.parts.length} files in ${path.dirname(model.path)}`;
}
