import type { Database } from 'better-sqlite3';
import type { ModelInfo } from '../../shared/domain.js';
import type { EndpointInfo, OutgoingPreview, PolicyStatus } from '../../shared/remote.js';
import type { BranchPoint, ChatService, GenerationSettings, ReplyListener, SentMessage } from '../chat/chatService.js';
import { cachedScanner } from '../dlp/cachedScanner.js';
import { createDlpScanner, type DlpScanner } from '../dlp/scanner.js';
import { describePolicyLocks } from '../policy/policyLocks.js';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import { addEndpoint, type EndpointContext, endpointAccess, listEndpoints, type NewEndpoint, removeEndpoint } from './endpoints.js';
import type { KeyVault } from './keyVault.js';
import { listRemoteModels, type RemoteClientOptions } from './remoteClient.js';
import { previewRemote, type RemoteChatDeps, type RemoteTarget, sendToRemote } from './remoteChat.js';

export interface RemoteServiceDeps {
  db: Database;
  chats: ChatService;
  loadedPolicy: LoadedPolicy;
  vault: KeyVault;
  generation: GenerationSettings;
  client?: Omit<RemoteClientOptions, 'network'>;
  localFallback: (chatId: string) => Promise<ModelInfo | null>;
}

/** Remote endpoints as the rest of core uses them, always under the machine policy loaded at start. */
export class RemoteService {
  private readonly endpoints: EndpointContext;
  private readonly scanner: DlpScanner;
  private readonly chatDeps: RemoteChatDeps;

  constructor(private readonly deps: RemoteServiceDeps) {
    const policy = deps.loadedPolicy.policy;
    this.endpoints = { db: deps.db, vault: deps.vault, network: () => policy.network };
    this.scanner = cachedScanner(
      createDlpScanner({ customTerms: policy.dlp.customTerms, medicalRecordNumberPatterns: policy.dlp.medicalRecordNumberPatterns }),
    );
    this.chatDeps = {
      db: deps.db,
      chats: deps.chats,
      endpoints: this.endpoints,
      policy: () => policy,
      scanner: () => this.scanner,
      // The policy loaded at start, read at each request (as `policy` above).
      client: { ...deps.client, network: () => policy.network },
      generation: deps.generation,
      localFallback: deps.localFallback,
    };
  }

  listEndpoints(): EndpointInfo[] {
    return listEndpoints(this.endpoints);
  }

  addEndpoint(endpoint: NewEndpoint): EndpointInfo {
    return addEndpoint(this.endpoints, endpoint);
  }

  /** Removes the endpoint (by id or name) and its stored key; returns what was removed. */
  removeEndpoint(reference: string): EndpointInfo {
    return removeEndpoint(this.endpoints, reference);
  }

  policyStatus(): PolicyStatus {
    const { policy, source } = this.deps.loadedPolicy;
    return {
      source,
      networkMode: policy.network.mode,
      allowedEndpoints: policy.network.mode === 'allowlist' ? [...policy.network.endpoints] : [],
      allowDocumentPassages: policy.dlp.allowDocumentPassages,
      locks: describePolicyLocks(this.deps.loadedPolicy),
    };
  }

  /** Sends where the policy lets the message go; `onEvent` receives the reply's stream. */
  send(
    chatId: string,
    target: RemoteTarget,
    content: string,
    options: { confirmed: boolean; branch?: BranchPoint; onEvent?: ReplyListener | undefined } = { confirmed: false },
  ): Promise<SentMessage> {
    return sendToRemote(this.chatDeps, chatId, target, content, options);
  }

  preview(chatId: string, target: RemoteTarget, content: string, branch?: BranchPoint): Promise<OutgoingPreview> {
    return previewRemote(this.chatDeps, chatId, target, content, branch);
  }

  /** The endpoint's models, and how long asking took: a live test of address, policy and key. */
  async models(endpointId: string): Promise<{ models: string[]; latencyMs: number }> {
    const access = endpointAccess(this.endpoints, endpointId);
    const started = performance.now();
    const models = await listRemoteModels({ ...this.chatDeps.client, network: () => this.deps.loadedPolicy.policy.network }, access);
    return { models, latencyMs: Math.round(performance.now() - started) };
  }
}
