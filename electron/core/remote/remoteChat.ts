import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../shared/domain.js';
import type { Policy } from '../../shared/policy.js';
import type { OutgoingPreview } from '../../shared/remote.js';
import type { BranchPoint, ChatService, GenerationSettings, ReplyListener, SentMessage } from '../chat/chatService.js';
import { withGrounding } from '../chat/chatService.js';
import { groundedSystemPrompt } from '../chat/groundedPrompt.js';
import { type OutgoingPlan, planOutgoing } from '../chat/outgoing.js';
import type { RemoteReplyPlan } from '../chat/replyPlan.js';
import { createStreamingRestorer, restorePlaceholders } from '../dlp/placeholders.js';
import type { DlpScanner } from '../dlp/scanner.js';
import { listChatCollections } from '../documents/store/collections.js';
import { EnclaveError } from '../errors.js';
import type { ProviderTurn } from '../llm/provider.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { type EndpointAccess, type EndpointContext, endpointAccess, findEndpoint } from './endpoints.js';
import { type RemoteClientOptions, type RemoteGenerationResult, streamRemoteChat } from './remoteClient.js';
import { recordBlocked, recordFinished, recordRefused, recordSending } from './requestRecords.js';
import type { NewRemoteRequest } from './store/remoteRequests.js';

export interface RemoteChatDeps {
  db: Database;
  /** Every request is recorded here: before it leaves, when it ends, or why it did not leave. */
  audit: AuditTrail;
  chats: ChatService;
  endpoints: EndpointContext;
  policy: () => Policy;
  scanner: () => DlpScanner;
  /** One object for the service's life: the client for an endpoint is built once per options object. */
  client: RemoteClientOptions;
  generation: GenerationSettings;
  /** The local model a request that must stay local goes to; null when there is none. */
  localFallback: (chatId: string) => Promise<ModelInfo | null>;
  /** The models the endpoint lists (kept from its last answer; asked again with `fresh`). */
  listedModels: (access: EndpointAccess, fresh: boolean) => Promise<string[]>;
}

export interface RemoteTarget {
  endpointId: string;
  model: string;
}

/**
 * Sends a message to a remote model, or wherever the policy says it must go instead: passages,
 * confidential collections and DLP findings can keep it local (with the reason on the message), DLP
 * can block it (nothing stored, the block recorded) or ask the user to confirm first.
 */
export function sendToRemote(
  deps: RemoteChatDeps,
  chatId: string,
  target: RemoteTarget,
  content: string,
  options: { confirmed?: boolean; branch?: BranchPoint; onEvent?: ReplyListener | undefined } = {},
): Promise<SentMessage> {
  return deps.chats.sendPrepared(chatId, content, async (turns, question) => {
    const prepared = await prepareRemote(deps, chatId, target, turns, question).catch((error: unknown) => {
      if (error instanceof EnclaveError && error.code === 'remote-not-allowed') {
        const endpoint = findEndpoint(deps.endpoints, target.endpointId);
        recordRefused(deps.audit, { id: target.endpointId, name: endpoint?.name ?? null, baseUrl: endpoint?.baseUrl ?? null }, chatId);
      }
      throw error;
    });
    const { plan, sources } = prepared;
    if (plan.route === 'blocked') {
      recordBlocked(deps, newRecord(prepared, chatId, null), 'blocked', 'dlp');
      throw new EnclaveError('dlp-blocked', plan.reason);
    }
    if (plan.route === 'local') {
      recordBlocked(deps, newRecord(prepared, chatId, null), 'kept-local', plan.keptLocalBy ?? 'policy');
      const model = await deps.localFallback(chatId);
      if (!model) {
        throw new EnclaveError('model-not-selected', `${plan.reason.replace(/^Answered by a local model: /, 'This message must stay on this machine: ')} Add a local model in Models to answer it.`);
      }
      return deps.chats.localPlan(model, chatId, { sources, routeReason: plan.reason });
    }
    if (plan.needsConfirmation && !options.confirmed) {
      const kinds = [...new Set(plan.findings.map((finding) => finding.masked))].join(', ');
      throw new EnclaveError('dlp-confirmation-needed', `This message contains sensitive data (${kinds}). Confirm to send it to ${prepared.endpointName} as it is.`);
    }
    // Only a message that may leave asks the endpoint anything, even its model list.
    await checkListedModel(deps, prepared.access, prepared.model);
    return remotePlan(deps, prepared, chatId, options.confirmed === true);
  }, options.branch, options.onEvent);
}

/**
 * What sending would do now, without sending: for the notice shown before a remote send, an edit or a
 * regeneration. It reads the same branch the send would, so it scans what would actually leave.
 */
export async function previewRemote(
  deps: RemoteChatDeps,
  chatId: string,
  target: RemoteTarget,
  content: string,
  branch: BranchPoint = { kind: 'append' },
): Promise<OutgoingPreview> {
  const anchor = deps.chats.anchorFor(chatId, branch, content);
  const { plan, access } = await prepareRemote(deps, chatId, target, deps.chats.turnsBefore(chatId, anchor), anchor.content);
  const { route, reason, verdict, findings, needsConfirmation } = plan;
  if (route === 'remote') await checkListedModel(deps, access, target.model);
  return { route, reason, verdict, findings, needsConfirmation };
}

interface Prepared {
  plan: OutgoingPlan;
  sources: Awaited<ReturnType<ChatService['findSources']>>;
  access: EndpointAccess;
  endpointName: string;
  model: string;
}

async function prepareRemote(deps: RemoteChatDeps, chatId: string, target: RemoteTarget, turns: ProviderTurn[], question: string): Promise<Prepared> {
  // The policy is checked first: an endpoint it does not allow is refused before anything else runs.
  const access = await endpointAccess(deps.endpoints, target.endpointId);
  await checkListedModel(deps, access, target.model);
  const attached = listChatCollections(deps.db, chatId);
  // A chat without collections has no passages to look for (retrieval would list them again to find that out).
  const sources = attached.length > 0 ? await deps.chats.findSources(chatId, question) : null;
  const grounded = sources ? withGrounding(turns, groundedSystemPrompt(sources)) : turns;
  const confidential = attached.filter((collection) => collection.confidential);
  const plan = planOutgoing(
    {
      turns: grounded,
      hasPassages: sources !== null && sources.length > 0,
      confidentialCollections: confidential.map((collection) => collection.name),
      endpointName: access.name,
      model: target.model,
    },
    deps.policy(),
    deps.scanner(),
  );
  return { plan, sources, access, endpointName: access.name, model: target.model };
}

/**
 * The model name is sent as it is, so it must be one the endpoint itself lists: a name the window
 * made up could carry anything out (the DLP scan covers the conversation, not this field).
 */
async function checkListedModel(deps: RemoteChatDeps, access: EndpointAccess, model: string): Promise<void> {
  if ((await deps.listedModels(access, false)).includes(model)) return;
  const listed = await deps.listedModels(access, true);
  if (listed.includes(model)) return;
  const some = listed.slice(0, 5).join(', ');
  throw new EnclaveError(
    'remote-not-found',
    `${access.name} does not list a model named "${model.slice(0, 80)}"; nothing was sent. ${listed.length > 0 ? `It lists ${some}${listed.length > 5 ? ', …' : ''}.` : 'It lists no models.'}`,
  );
}

function remotePlan(deps: RemoteChatDeps, prepared: Prepared, chatId: string, confirmed: boolean): RemoteReplyPlan {
  const { plan, access, model, sources } = prepared;
  const preset = deps.chats.presetOf(chatId);
  const sampling = deps.chats.samplingFor(preset);
  // The request's own figures (tokens, retries) for the record, once the stream has answered.
  let result: RemoteGenerationResult | null = null;
  let recordId: number | null = null;
  let record: NewRemoteRequest | null = null;
  return {
    kind: 'remote',
    modelName: model,
    endpointId: access.id,
    endpointName: access.name,
    routeReason: plan.reason,
    redactions: plan.redactions,
    sources,
    turns: plan.turns,
    restorer: plan.restorations.size > 0 ? () => createStreamingRestorer(plan.restorations) : null,
    restoreText: plan.restorations.size > 0 ? (text) => restorePlaceholders(text, plan.restorations) : null,
    presetName: preset?.name ?? null,
    stream: async (turns, events, signal, messageId) => {
      // Write-ahead: the record exists before the first byte leaves; if it cannot be written, nothing is sent.
      record = newRecord(prepared, chatId, messageId);
      recordId = recordSending(deps, record, confirmed && plan.needsConfirmation);
      result = await streamRemoteChat(deps.client, { endpoint: access, model, turns, ...sampling }, events, signal);
      return result;
    },
    onFinished: (message) => {
      // Stopped before the request was sent: there is nothing to record.
      if (recordId === null || record === null) return;
      recordFinished(deps, recordId, record, {
        outcome: message.status === 'streaming' ? 'error' : message.status,
        errorCode: message.error?.code ?? null,
        tokensIn: result?.tokensIn ?? null,
        tokensOut: result?.tokensOut ?? null,
        usageReported: result?.usageReported ?? false,
        durationMs: result?.durationMs ?? null,
        attempts: result?.attempts ?? 1,
        messageId: message.id,
      });
    },
  };
}

/** The request as it is about to leave: `sending`, with everything known before the answer. */
function newRecord(prepared: Prepared, chatId: string, messageId: string | null): NewRemoteRequest {
  return {
    endpointId: prepared.access.id,
    endpointName: prepared.access.name,
    baseUrl: prepared.access.baseUrl,
    model: prepared.model,
    chatId,
    messageId,
    tokensIn: null,
    tokensOut: null,
    usageReported: false,
    dlp: prepared.plan.check?.summary ?? { total: 0, byDetector: {}, byAction: {} },
    durationMs: null,
    attempts: 0,
    outcome: 'sending',
    errorCode: null,
  };
}
