import { EnclaveError } from '../../core/errors.js';
import { adapterScale, expectOperands, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { findModel } from '../modelReference.js';
import { printJson } from '../output.js';
import { withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const adapterOptions = { json: { type: 'boolean' }, scale: { type: 'string' } } as const;

/**
 * `enclave models adapter add|remove|scale`: LoRA adapters on a base model. Core checks an adapter
 * against the base's architecture and shapes before attaching it; a loaded model reloads with the change.
 */
export async function adapterCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, adapterOptions, modelsUsage);
  const [action, ...operands] = positionals;
  const dataDir = values['data-dir'] ?? context.dataDir;
  if (action !== 'add' && values.scale !== undefined) {
    throw new UsageError('--scale goes with "models adapter add"; to change a scale: enclave models adapter scale <id> <adapterId> <x>', modelsUsage);
  }
  switch (action) {
    case 'add': {
      const [reference = '', file = ''] = expectOperands(operands, 2, 2, 'models adapter add <id> <file.gguf> [--scale x]', modelsUsage);
      const scale = adapterScale(values.scale, modelsUsage) ?? 1;
      const { model, adapter } = await withSession({ dataDir }, async (session) => {
        const found = await findModel(session, reference);
        const [grant] = await session.grant([file], 'adapter');
        const added = await session.request('models.addAdapter', { modelId: found.id, grant, scale });
        if (!added) throw new EnclaveError('internal', 'The adapter was not attached.');
        return { model: found, adapter: added };
      });
      if (values.json) printJson(adapter);
      else {
        process.stdout.write(`Attached ${adapter.name} to ${model.name} (${model.id}) at scale ${adapter.scale}.\n`);
        process.stdout.write(`  adapter id  ${adapter.id}\n  sha256      ${adapter.sha256}\n  file        ${adapter.path}\n`);
      }
      return exitCodes.ok;
    }
    case 'remove': {
      const [reference = '', adapterId = ''] = expectOperands(operands, 2, 2, 'models adapter remove <id> <adapterId>', modelsUsage);
      const { model, removed } = await withSession({ dataDir }, async (session) => {
        const found = await findModel(session, reference);
        return { model: found, removed: await session.request('models.removeAdapter', { modelId: found.id, adapterId }) };
      });
      if (values.json) printJson(removed);
      else process.stdout.write(`Detached adapter ${adapterId} from ${model.name} (${model.id}); its file was not touched.\n`);
      return exitCodes.ok;
    }
    case 'scale': {
      const [reference = '', adapterId = '', rawScale] = expectOperands(
        operands,
        3,
        3,
        'models adapter scale <id> <adapterId> <x>',
        modelsUsage,
      );
      const scale = adapterScale(rawScale, modelsUsage) ?? 1;
      const { model, adapter } = await withSession({ dataDir }, async (session) => {
        const found = await findModel(session, reference);
        return { model: found, adapter: await session.request('models.updateAdapter', { modelId: found.id, adapterId, scale }) };
      });
      if (values.json) printJson(adapter);
      else process.stdout.write(`${adapter.name} (${adapter.id}) now applies to ${model.name} at scale ${adapter.scale}.\n`);
      return exitCodes.ok;
    }
    case undefined:
      throw new UsageError('missing subcommand: models adapter add, remove or scale', modelsUsage);
    default:
      throw new UsageError(`unknown subcommand "models adapter ${action}"`, modelsUsage);
  }
}
