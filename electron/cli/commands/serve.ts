import { EnclaveError } from '../../core/errors.js';
import type { ApiTokenInfo } from '../../shared/apiServer.js';
import { expectOperands, parseCommand, positiveInteger } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printNotice, printTable, printUsage } from '../output.js';
import { cliPolicy, type Session, withSession } from '../session.js';
import { serveUsage } from '../usageData.js';
import type { CommandContext } from './context.js';

const serveOptions = {
  port: { type: 'string' },
  host: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `enclave serve`: the local OpenAI-compatible API in this process, until Ctrl-C or SIGTERM (a
 * service manager); `enclave serve tokens add|list|revoke`: its clients. Refused in one line, exit 1,
 * where the machine policy does not enable it.
 */
export async function serveCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, serveOptions, serveUsage);
  if (values.help) return printUsage(serveUsage);
  const options = { dataDir: values['data-dir'] ?? context.dataDir, threads: positiveInteger('threads', values.threads, serveUsage) };
  const json = values.json === true;
  const [group, action, ...operands] = positionals;
  if (group === undefined) return serve(options, values.port, values.host);
  if (group !== 'tokens') throw new UsageError(`unknown subcommand "serve ${group}"`, serveUsage);
  switch (action) {
    case 'add': {
      const [name = ''] = expectOperands(operands, 1, 1, 'serve tokens add <name>', serveUsage);
      return withSession(options, (session) => addToken(session, name, json));
    }
    case 'list':
      expectOperands(operands, 0, 0, 'serve tokens list', serveUsage);
      return withSession(options, (session) => listTokens(session, json));
    case 'revoke': {
      const [name = ''] = expectOperands(operands, 1, 1, 'serve tokens revoke <name>', serveUsage);
      return withSession(options, async (session) => {
        const revoked = await session.request('apiServer.revokeToken', { name });
        if (json) printJson(revoked);
        else process.stdout.write(`Revoked the token of ${revoked.name}.\n`);
        return exitCodes.ok;
      });
    }
    case undefined:
      throw new UsageError('missing subcommand: serve tokens add, list or revoke', serveUsage);
    default:
      throw new UsageError(`unknown subcommand "serve tokens ${action}"`, serveUsage);
  }
}

async function serve(options: { dataDir: string | undefined; threads: number | undefined }, portText: string | undefined, host: string | undefined): Promise<number> {
  const port = portText === undefined ? undefined : positiveInteger('port', portText, serveUsage);
  if (port !== undefined && (port < 1024 || port > 65535)) throw new UsageError(`--port must be from 1024 to 65535, not ${port}`, serveUsage);
  // Before the database opens: a machine that may not serve says so at once.
  if (!cliPolicy().policy.apiServer.enabled) {
    throw new EnclaveError('api-server-not-allowed', 'the machine policy does not enable the local API server (apiServer.enabled); ask your IT department.');
  }
  return withSession(options, async (session) => {
    session.requireDatabase();
    const apiServer = session.core.apiServer;
    if (!apiServer) throw new EnclaveError('database-unavailable', 'The database is not open.');
    const running = await apiServer.start({ ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) });
    session.core.provider.prewarm();
    const clients = apiServer.status().tokens.length;
    process.stdout.write(`Serving the local models at ${running.url} (Ctrl-C stops).\n`);
    if (clients === 0) printNotice('no client has a token yet: make one with "enclave serve tokens add <name>".');
    await untilStopped();
    process.stdout.write('Stopping the API server.\n');
    await apiServer.stop('requested');
    return exitCodes.ok;
  });
}

/** Resolves at Ctrl-C, SIGTERM or SIGHUP: for a server these are how it is meant to stop. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const stop = () => {
      for (const signal of signals) process.off(signal, stop);
      resolve();
    };
    for (const signal of signals) process.on(signal, stop);
  });
}

async function addToken(session: Session, name: string, json: boolean): Promise<number> {
  session.requireDatabase();
  const created = await session.request('apiServer.addToken', { name });
  if (json) {
    printJson(created);
    return exitCodes.ok;
  }
  process.stdout.write(`${created.token}\n`);
  printNotice(`the token of ${created.name}, shown this once: Enclave keeps only its hash. Give it to the client as its API key.`);
  return exitCodes.ok;
}

async function listTokens(session: Session, json: boolean): Promise<number> {
  session.requireDatabase();
  const { tokens } = await session.request('apiServer.status', {});
  if (json) {
    printJson(tokens);
    return exitCodes.ok;
  }
  if (tokens.length === 0) {
    process.stdout.write('No API clients. Make one with: enclave serve tokens add <name>\n');
    return exitCodes.ok;
  }
  printTable(['NAME', 'MADE', 'LAST USED'], tokens.map((token: ApiTokenInfo) => [token.name, isoMinute(token.createdAt), token.lastUsedAt === null ? 'never' : isoMinute(token.lastUsedAt)]));
  return exitCodes.ok;
}

function isoMinute(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}
