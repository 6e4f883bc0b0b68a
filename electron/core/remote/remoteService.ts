import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { EndpointInfo, OutgoingPreview, PolicyStatus } from '../../shared/remote.js';
import type { BranchPoint, ChatService, GenerationSettings, ReplyListener, SentMessage } from '../chat/chatService.js';
import { cachedScanner } from '../dlp/cachedScanner.js';
import { createDlpScanner, type DlpScanner } from '../dlp/scanner.js';
import { describePolicyLocks } from '../policy/policyLocks.js';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import { EnclaveError } from '../errors.js';
import { addEndpoint, type EndpointAccess, type EndpointContext, endpointAccess, listEndpoints, type NewEndpoint, removeEndpoint } from './endpoints.js';
import type { KeyVault } from './keyVault.js';
import { listRemoteModels, type RemoteClientOptions } from './remoteClient.js';
import { previewRemote, type RemoteChatDeps, type RemoteTarget, sendToRemote } from './remoteChat.js';

export interface RemoteServiceDeps {
  db: Database;
  /** Records endpoints added and removed, and every request: before it leaves, and how it ended. */
  audit: AuditTrail;
  chats: ChatService;
  loadedPolicy: LoadedPolicy;
  vault: KeyVault;
  generation: GenerationSettings;
  client?: Omit<RemoteClientOptions, 'network'> | undefined;
  localFallback: (chatId: string) => Promise<ModelInfo | null>;
}

/** Remote endpoints as the rest of core uses them, always under the machine policy loaded at start. */
export class RemoteService {
  private readonly endpoints: EndpointContext;
  private readonly scanner: DlpScanner;
  private readonly chatDeps: RemoteChatDeps;

  constructor(private readonly deps: RemoteServiceDeps) {
    const policy = deps.loadedPolicy.policy;
    this.endpoints = { db: deps.db, audit: deps.audit, vault: deps.vault, network: () => policy.network };
    this.scanner = cachedScanner(
      createDlpScanner({ customTerms: policy.dlp.customTerms, medicalRecordNumberPatterns: policy.dlp.medicalRecordNumberPatterns }),
    );
    this.chatDeps = {
      db: deps.db,
      audit: deps.audit,
      chats: deps.chats,
      endpoints: this.endpoints,
      policy: () => policy,
      scanner: () => this.scanner,
      // The policy loaded at start, read at each request (as `policy` above).
      client: { ...deps.client, network: () => policy.network },
      generation: deps.generation,
      localFallback: deps.localFallback,
      listedModels: (access, fresh) => this.listedModels(access, fresh),
    };
  }

  /** Each endpoint's model list, asked once and again only when a model is not in it. */
  private readonly modelLists = new Map<string, Promise<string[]>>();

  private listedModels(access: EndpointAccess, fresh: boolean): Promise<string[]> {
    const known = this.modelLists.get(access.id);
    if (known && !fresh) return known;
    const asked = listRemoteModels(this.chatDeps.client, access);
    this.modelLists.set(access.id, asked);
    // A failed answer is not kept: the next send asks again.
    asked.catch(() => this.modelLists.delete(access.id));
    return asked;
  }

  listEndpoints(): EndpointInfo[] {
    return listEndpoints(this.endpoints);
  }

  /**
   * Adds an endpoint. A key read from an environment variable: the variable is one the user named at
   * the command line (`namedBy: 'user'`), or, for a request from the window, one the machine policy
   * names; never one a window picks, which could send any secret of the user's environment as a key.
   */
  async addEndpoint(endpoint: NewEndpoint, namedBy: 'user' | 'window' = 'window'): Promise<EndpointInfo> {
    if (namedBy === 'window' && endpoint.apiKeyEnv !== undefined) {
      const network = this.deps.loadedPolicy.policy.network;
      const allowed = network.mode === 'allowlist' ? network.apiKeyEnvironmentVariables : [];
      if (!allowed.includes(endpoint.apiKeyEnv)) {
        throw new EnclaveError(
          'remote-not-allowed',
          `The machine policy does not name $${endpoint.apiKeyEnv} as a variable API keys may be read from. ` +
            `Ask IT to add it to network.apiKeyEnvironmentVariables, or add the endpoint at the command line: enclave endpoints add … --api-key-env ${endpoint.apiKeyEnv}.`,
        );
      }
    }
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
    const access = await endpointAccess(this.endpoints, endpointId);
    const started = performance.now();
    const models = await this.listedModels(access, true);
    return { models, latencyMs: Math.round(performance.now() - started) };
  }
}
