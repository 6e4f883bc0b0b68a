import path from 'node:path';
import type { ModelCatalog, ModelInfo } from '../../shared/domain.js';
import { parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatBytes, formatParameterCount, printJson, printTable } from '../output.js';
import { withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/** `enclave models list|add`: the same catalog the app's model picker shows. */
export async function modelsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, modelsUsage);
  if (values.help) {
    process.stdout.write(`${modelsUsage}\n`);
    return exitCodes.ok;
  }
  const [subcommand, ...operands] = positionals;
  const dataDir = values['data-dir'] ?? context.dataDir;
  switch (subcommand) {
    case 'list': {
      expectOperands(operands, 0, 'models list');
      const catalog = await withSession({ dataDir }, (session) => session.request('models.list', {}));
      if (values.json) printJson(catalog);
      else printCatalog(catalog);
      return exitCodes.ok;
    }
    case 'add': {
      const [file] = expectOperands(operands, 1, 'models add <file.gguf>');
      const source = path.resolve(file ?? '');
      const model = await withSession({ dataDir, pickModelFile: () => Promise.resolve(source) }, (session) =>
        session.request('models.import', {}),
      );
      if (!model) throw new Error('The model was not added.');
      if (values.json) printJson(model);
      else process.stdout.write(`Added ${model.name} (id ${model.id}) to ${path.dirname(model.path)}\n`);
      return exitCodes.ok;
    }
    case undefined:
      throw new UsageError('missing subcommand: list or add', modelsUsage);
    default:
      throw new UsageError(`unknown subcommand "models ${subcommand}"`, modelsUsage);
  }
}

function expectOperands(operands: string[], count: number, form: string): string[] {
  if (operands.length < count) throw new UsageError(`missing argument: enclave ${form}`, modelsUsage);
  if (operands.length > count) throw new UsageError(`unexpected argument "${operands[count]}"`, modelsUsage);
  return operands;
}

function printCatalog(catalog: ModelCatalog): void {
  if (catalog.models.length === 0) {
    process.stdout.write(`No models in ${catalog.folders.join(' or ')}.\nAdd one with: enclave models add <file.gguf>\n`);
  } else {
    printTable(
      ['ID', 'NAME', 'ARCHITECTURE', 'PARAMS', 'QUANT', 'CONTEXT', 'SIZE'],
      catalog.models.map((model) => modelRow(model)),
    );
  }
  if (catalog.unreadable.length > 0) {
    process.stdout.write('\nUnreadable files:\n');
    for (const file of catalog.unreadable) process.stdout.write(`  ${file.path}: ${file.error.message}\n`);
  }
}

function modelRow(model: ModelInfo): string[] {
  return [
    model.id,
    model.name,
    model.architecture,
    formatParameterCount(model.parameterCount),
    model.quantization,
    model.contextLength === null ? '-' : String(model.contextLength),
    formatBytes(model.sizeBytes),
  ];
}
