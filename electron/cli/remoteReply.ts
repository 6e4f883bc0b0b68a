/**
 * `enclave chat --remote`: the checks a remote send goes through, shown in a terminal. Before sending,
 * what DLP found (masked) and what it will do; a warned finding needs a "yes" (or `--yes` in a
 * script); after the reply, where it went and what was redacted.
 */
import { EnclaveError } from '../core/errors.js';
import type { ChatMessage } from '../shared/domain.js';
import type { OutgoingPreview } from '../shared/remote.js';
import { streamStartedReply, type StreamedReply } from './chatReply.js';
import { findEndpoint } from './endpointReference.js';
import { UsageError } from './errors.js';
import { printNotice, printTable } from './output.js';
import { askYesNo, canAsk } from './prompts.js';
import type { Session } from './session.js';

export interface RemoteChatRequest {
  /** `--remote`: the endpoint's name or id. */
  endpoint: string;
  /** `--model`: the model as the endpoint names it; else the first it lists. */
  model: string | undefined;
  /** `--yes`: send a message DLP warns about without asking. */
  confirmed: boolean;
  /** `--show-thinking`: print the model's thoughts on stderr. */
  showThinking?: boolean | undefined;
  chatId: string;
  prompt: string;
  usage: string;
}

/** What came of a remote send: the reply, or null when nothing was sent (the user said no). */
export type RemoteChatOutcome = { sent: true; streamed: StreamedReply } | { sent: false };

/** Checks, asks if needed, sends and streams. Throws the policy's reason when the message is blocked. */
export async function sendRemote(session: Session, request: RemoteChatRequest): Promise<RemoteChatOutcome> {
  const endpoint = await findEndpoint(session, request.endpoint);
  if (!endpoint.allowed) throw new EnclaveError('remote-not-allowed', endpoint.blockedReason ?? `The machine policy does not allow ${endpoint.baseUrl}.`);
  const model = request.model ?? (await defaultModel(session, endpoint.id, endpoint.name, request.usage));
  const remote = { endpointId: endpoint.id, model };
  const preview = await session.request('chats.preview', { chatId: request.chatId, remote, content: request.prompt });
  showPreview(preview);
  let confirmSensitive = false;
  if (preview.route === 'remote' && preview.needsConfirmation) {
    confirmSensitive = await confirm(request.confirmed, endpoint.name);
    if (!confirmSensitive) return { sent: false };
  }
  // A blocked message is sent all the same: core refuses it with the policy's reason and records the block.
  const remoteService = session.core.remote;
  if (!remoteService) throw new EnclaveError('database-unavailable', 'The database is not open.');
  const streamed = await streamStartedReply(
    session,
    request.chatId,
    (onEvent) => remoteService.send(request.chatId, remote, request.prompt, { confirmed: confirmSensitive, onEvent }),
    { showThinking: request.showThinking },
  );
  showRoute(streamed.reply);
  return { sent: true, streamed };
}

/** The endpoint's first model, asked of the endpoint itself (a live request). */
async function defaultModel(session: Session, endpointId: string, endpointName: string, usage: string): Promise<string> {
  const { models } = await session.request('endpoints.models', { endpointId });
  const [first] = models;
  if (first === undefined) throw new UsageError(`${endpointName} lists no models; name one with --model <name>`, usage);
  return first;
}

/** On stderr, before anything is sent: each finding masked, with what the policy does with it and where it is. */
function showPreview(preview: OutgoingPreview): void {
  if (preview.findings.length === 0) return;
  const heading =
    preview.route === 'blocked'
      ? 'this message is blocked by the machine policy:'
      : preview.route === 'local'
        ? 'this message has sensitive data and stays on this machine:'
        : 'this message has sensitive data (redact: replaced before sending; warn: sent as it is if you confirm):';
  printNotice(heading);
  // The policy's own words for the actions, as `enclave dlp scan` and the policy file use them.
  const rows = preview.findings.map((finding) => [`  ${finding.action}`, finding.detector, finding.masked, `in the ${finding.location}`]);
  // On stderr, away from the reply a script reads from stdout.
  printTable(['  ACTION', 'DETECTOR', 'TEXT', 'WHERE'], rows, process.stderr);
}

async function confirm(confirmed: boolean, endpointName: string): Promise<boolean> {
  if (confirmed) return true;
  if (!canAsk()) {
    throw new EnclaveError(
      'dlp-confirmation-needed',
      `The machine policy asks to confirm before this message goes to ${endpointName} with the sensitive data above; pass --yes to send it anyway.`,
    );
  }
  const yes = await askYesNo('Send anyway?');
  if (!yes) printNotice('not sent.');
  return yes;
}

/** On stderr, after the reply: where it was answered and why, and what was replaced on the way out. */
function showRoute(reply: ChatMessage): void {
  if (reply.routeReason) printNotice(reply.routeReason);
  const count = reply.redactions.length;
  if (count === 0) return;
  const values = reply.redactions.map((redaction) => `${redaction.placeholder} (${redaction.detector})`).join(', ');
  printNotice(`${count} ${count === 1 ? 'value was' : 'values were'} redacted before sending and restored in the reply shown here: ${values}.`);
}
