import { EnclaveError } from '../../core/errors.js';
import type { EndpointInfo } from '../../shared/remote.js';
import { expectOperands, parseCommand } from '../args.js';
import { describeKeyStorage, findEndpoint, keyFilePath } from '../endpointReference.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printNotice, printTable, printUsage } from '../output.js';
import { readSecret } from '../prompts.js';
import { type Session, withSession } from '../session.js';
import { endpointsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const endpointsOptions = {
  json: { type: 'boolean' },
  'api-key-env': { type: 'string' },
  'api-key-stdin': { type: 'boolean' },
} as const;

/**
 * `enclave endpoints list|add|remove|test`: the OpenAI-compatible servers a chat may use, each only
 * where the machine policy allows it. A key is never taken from the command line (it would stay in
 * the shell's history): it comes from standard input, or is read from an environment variable.
 */
export async function endpointsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, endpointsOptions, endpointsUsage);
  if (values.help) return printUsage(endpointsUsage);
  const [action, ...operands] = positionals;
  if (action !== 'add' && (values['api-key-env'] !== undefined || values['api-key-stdin'])) {
    throw new UsageError('--api-key-env and --api-key-stdin go with "endpoints add"', endpointsUsage);
  }
  const options = { dataDir: values['data-dir'] ?? context.dataDir };
  const json = values.json === true;
  switch (action) {
    case 'list':
      expectOperands(operands, 0, 0, 'endpoints list', endpointsUsage);
      return withSession(options, (session) => listEndpoints(session, json));
    case 'add': {
      const [name = '', baseUrl = ''] = expectOperands(operands, 2, 2, 'endpoints add <name> <base-url>', endpointsUsage);
      if (values['api-key-env'] !== undefined && values['api-key-stdin']) {
        throw new UsageError('give --api-key-env or --api-key-stdin, not both', endpointsUsage);
      }
      const apiKey = values['api-key-stdin'] ? await readApiKey() : undefined;
      return withSession(options, (session) => addEndpoint(session, { name, baseUrl, apiKey, apiKeyEnv: values['api-key-env'] }, json));
    }
    case 'remove': {
      const [reference = ''] = expectOperands(operands, 1, 1, 'endpoints remove <name|id>', endpointsUsage);
      return withSession(options, (session) => removeEndpoint(session, reference, json));
    }
    case 'test': {
      const [reference = ''] = expectOperands(operands, 1, 1, 'endpoints test <name|id>', endpointsUsage);
      return withSession(options, (session) => testEndpoint(session, reference, json));
    }
    case undefined:
      throw new UsageError('missing subcommand: list, add, remove or test', endpointsUsage);
    default:
      throw new UsageError(`unknown subcommand "endpoints ${action}"`, endpointsUsage);
  }
}

async function listEndpoints(session: Session, json: boolean): Promise<number> {
  session.requireDatabase();
  const endpoints = await session.request('endpoints.list', {});
  if (json) {
    printJson(endpoints);
    return exitCodes.ok;
  }
  if (endpoints.length === 0) {
    const policy = await session.request('policy.status', {});
    process.stdout.write('No remote endpoints. Add one with: enclave endpoints add <name> <base-url>\n');
    if (policy.networkMode === 'offline') process.stdout.write(`Enclave is offline by machine policy. ${policy.locks.reason}\n`);
    return exitCodes.ok;
  }
  printTable(
    ['NAME', 'BASE URL', 'API KEY', 'ALLOWED'],
    endpoints.map((endpoint) => [endpoint.name, endpoint.baseUrl, describeKeyStorage(endpoint), endpoint.allowed ? 'yes' : `no: ${endpoint.blockedReason ?? 'not by the machine policy'}`]),
  );
  return exitCodes.ok;
}

interface NewEndpoint {
  name: string;
  baseUrl: string;
  apiKey: string | undefined;
  apiKeyEnv: string | undefined;
}

async function addEndpoint(session: Session, endpoint: NewEndpoint, json: boolean): Promise<number> {
  session.requireDatabase();
  // The user names the variable here, at their own command line: core takes it (a window may not).
  const remote = session.core.remote;
  if (!remote) throw new EnclaveError('database-unavailable', 'The database is not open.');
  const added = await Promise.resolve()
    .then(() => remote.addEndpoint({ ...endpoint }, 'user'))
    .catch(async (error: unknown) => {
      throw await withPolicyProblem(session, error);
    });
  if (json) printJson(added);
  else process.stdout.write(`Added the endpoint "${added.name}" (${added.id}) at ${added.baseUrl}. Check it with: enclave endpoints test "${added.name}"\n`);
  // On stderr even with --json: a script must not miss that a key now sits in a file.
  printNotice(keyNotice(session, added));
  return exitCodes.ok;
}

/** An endpoint refused because the policy file is invalid: say what is wrong with the file, not only "offline". */
async function withPolicyProblem(session: Session, error: unknown): Promise<unknown> {
  if (!(error instanceof EnclaveError) || error.code !== 'remote-not-allowed') return error;
  const { source } = await session.request('policy.status', {});
  if (source.status !== 'invalid' || source.error === undefined) return error;
  return new EnclaveError('remote-not-allowed', `${error.message} ${source.error}`, { cause: error });
}

function keyNotice(session: Session, endpoint: EndpointInfo): string {
  switch (endpoint.keyStorage) {
    case 'file':
      return `the API key is stored in ${keyFilePath(session)}, readable only by you (there is no OS keychain here); prefer --api-key-env <VAR>.`;
    case 'env':
      return `the API key is read from $${endpoint.keyEnvVar ?? '?'} at each request; it is not stored.`;
    case 'keychain':
      return 'the API key is stored in the OS keychain.';
    case 'none':
      return 'no API key: requests go without one (--api-key-env <VAR> or --api-key-stdin gives one).';
  }
}

async function removeEndpoint(session: Session, reference: string, json: boolean): Promise<number> {
  session.requireDatabase();
  const endpoint = await findEndpoint(session, reference);
  await session.request('endpoints.remove', { endpointId: endpoint.id });
  if (json) {
    printJson(endpoint);
    return exitCodes.ok;
  }
  const key = endpoint.keyStorage === 'file' ? ` Its API key was deleted from ${keyFilePath(session)}.` : '';
  process.stdout.write(`Removed the endpoint "${endpoint.name}" (${endpoint.baseUrl}).${key} Its usage record is kept.\n`);
  return exitCodes.ok;
}

/** A live check: the policy allows it, it answers, and it accepts the key. Exit 1 with the reason when not. */
async function testEndpoint(session: Session, reference: string, json: boolean): Promise<number> {
  session.requireDatabase();
  const endpoint = await findEndpoint(session, reference);
  const { models, latencyMs } = await session.request('endpoints.models', { endpointId: endpoint.id });
  if (json) {
    printJson({ endpoint, models, latencyMs });
    return exitCodes.ok;
  }
  const count = models.length === 1 ? '1 model' : `${models.length} models`;
  process.stdout.write(`${endpoint.name} (${endpoint.baseUrl}) answered in ${latencyMs} ms with ${count}${models.length > 0 ? ':' : '.'}\n`);
  for (const model of models) process.stdout.write(`  ${model}\n`);
  return exitCodes.ok;
}

async function readApiKey(): Promise<string> {
  const key = await readSecret('API key (not shown): ');
  if (key.length === 0) throw new UsageError('--api-key-stdin read an empty key from standard input', endpointsUsage);
  if (/\s/.test(key)) throw new UsageError('--api-key-stdin read more than one word; give the key alone on standard input', endpointsUsage);
  return key;
}
