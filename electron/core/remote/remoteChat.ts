import type { Database } from 'better-sqlite3';
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
import { type EndpointAccess, type EndpointContext, endpointAccess } from './endpoints.js';
import { type RemoteClientOptions, type RemoteGenerationResult, streamRemoteChat } from './remoteClient.js';
import { recordRemoteRequest } from './store/remoteRequests.js';

export interface RemoteChatDeps {
  db: Database;
  chats: ChatService;
  endpoints: EndpointContext;
  policy: () => Policy;
  scanner: () => DlpScanner;
  /** One object for the service's life: the client for an endpoint is built once per options object. */
  client: RemoteClientOptions;
  generation: GenerationSettings;
  /** The local model a request that must stay local goes to; null when there is none. */
  localFallback: (chatId: string) => Promise<ModelInfo | null>;
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
    const prepared = await prepareRemote(deps, chatId, target, turns, question);
    const { plan, sources } = prepared;
    if (plan.route === 'blocked') {
      record(deps, prepared, chatId, null, { outcome: 'blocked', errorCode: 'dlp-blocked' });
      throw new EnclaveError('dlp-blocked', plan.reason);
    }
    if (plan.route === 'local') {
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
    return remotePlan(deps, prepared, chatId);
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
  const { plan } = await prepareRemote(deps, chatId, target, deps.chats.turnsBefore(chatId, anchor), anchor.content);
  const { route, reason, verdict, findings, needsConfirmation } = plan;
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
  const access = endpointAccess(deps.endpoints, target.endpointId);
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

function remotePlan(deps: RemoteChatDeps, prepared: Prepared, chatId: string): RemoteReplyPlan {
  const { plan, access, model, sources } = prepared;
  const preset = deps.chats.presetOf(chatId);
  const sampling = deps.chats.samplingFor(preset);
  // The request's own figures (tokens, retries) for the record, once the stream has answered.
  let result: RemoteGenerationResult | null = null;
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
    stream: async (turns, events, signal) => {
      result = await streamRemoteChat(deps.client, { endpoint: access, model, turns, ...sampling }, events, signal);
      return result;
    },
    onFinished: (message) => {
      record(deps, prepared, chatId, message.id, {
        outcome: message.status === 'streaming' ? 'error' : message.status,
        errorCode: message.error?.code ?? null,
        tokensIn: result?.tokensIn ?? null,
        tokensOut: result?.tokensOut ?? null,
        usageReported: result?.usageReported ?? false,
        durationMs: result?.durationMs ?? null,
        attempts: result?.attempts ?? 1,
      });
    },
  };
}

function record(
  deps: RemoteChatDeps,
  prepared: Prepared,
  chatId: string,
  messageId: string | null,
  outcome: Partial<Parameters<typeof recordRemoteRequest>[1]> & Pick<Parameters<typeof recordRemoteRequest>[1], 'outcome' | 'errorCode'>,
): void {
  try {
    recordRemoteRequest(deps.db, {
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
      ...outcome,
    });
  } catch {
    // The record must not take the reply down with it (disk full); the reply is stored or reported on its own.
  }
}
