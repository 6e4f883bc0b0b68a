import type { ModelCatalog, ModelInfo } from '../../shared/domain.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes } from '../errors.js';
import { integrityAdvice, integrityLabel, shortSha256 } from '../modelText.js';
import { baseModelNote, isBaseModel } from '../../shared/models.js';
import { formatBytes, formatParameterCount, printJson, printTable } from '../output.js';
import { withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import { adapterCommand } from './adapters.js';
import type { Command, CommandContext } from './context.js';
import { addModels } from './modelImport.js';
import { acceptModel, removeModel, verifyModels } from './modelIntegrity.js';
import { probeModel, recommendModels, setModel, showModel } from './modelTuning.js';
import { runSubcommand } from './subcommands.js';

const subcommands: Record<string, Command> = {
  list: listModels,
  add: addModels,
  verify: verifyModels,
  accept: acceptModel,
  remove: removeModel,
  info: showModel,
  set: setModel,
  adapter: adapterCommand,
  probe: probeModel,
  recommend: recommendModels,
};

/** `enclave models <subcommand>`: the catalog the app's Models page shows, from a terminal. */
export function modelsCommand(context: CommandContext): Promise<number> {
  return runSubcommand('models', subcommands, context, modelsUsage);
}

async function listModels(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, modelsUsage);
  expectOperands(positionals, 0, 0, 'models list', modelsUsage);
  const catalog = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) =>
    session.request('models.list', {}),
  );
  if (values.json) printJson(catalog);
  else printCatalog(catalog);
  return exitCodes.ok;
}

function printCatalog(catalog: ModelCatalog): void {
  if (catalog.models.length === 0) {
    process.stdout.write(`No models in ${catalog.folders.join(' or ')}.\nAdd one with: enclave models add <file.gguf>\n`);
  } else {
    printTable(
      ['ID', 'STATUS', 'STORAGE', 'ARCHITECTURE', 'PARAMS', 'QUANT', 'CONTEXT', 'SIZE', 'SHA-256', 'NAME'],
      catalog.models.map((model) => modelRow(model, catalog.unapproved.includes(model.id))),
    );
  }
  const troubled = catalog.models.filter((model) => model.integrity !== 'ok');
  if (troubled.length > 0) {
    process.stdout.write('\nNeeds attention:\n');
    for (const model of troubled) process.stdout.write(`  ${model.id} (${model.name}): ${integrityAdvice(model)}\n`);
  }
  const base = catalog.models.filter(isBaseModel);
  if (base.length > 0) {
    process.stdout.write(`\nBase models (${baseModelNote}):\n`);
    for (const model of base) process.stdout.write(`  ${model.id} (${model.name})\n`);
  }
  const refused = catalog.models.filter((model) => catalog.unapproved.includes(model.id));
  if (refused.length > 0) {
    process.stdout.write('\nNot approved by the machine policy (they will not load; see "enclave policy"):\n');
    for (const model of refused) process.stdout.write(`  ${model.id} (${model.name}), sha256 ${model.sha256}\n`);
  }
  if (catalog.unreadable.length > 0) {
    process.stdout.write('\nUnreadable files:\n');
    for (const file of catalog.unreadable) process.stdout.write(`  ${file.path}: ${file.error.message}\n`);
  }
}

function modelRow(model: ModelInfo, unapproved: boolean): string[] {
  return [
    model.id,
    unapproved && model.integrity === 'ok' ? 'NOT APPROVED' : integrityLabel(model.integrity),
    model.storage,
    model.architecture,
    formatParameterCount(model.parameterCount),
    model.quantization,
    model.contextLength === null ? '-' : String(model.contextLength),
    formatBytes(model.sizeBytes),
    shortSha256(model.sha256),
    model.name,
  ];
}
