import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { EndpointInfo, OutgoingPreview, PolicyStatus } from '../../shared/remote.js';
import type { BranchPoint, ChatService, GenerationSettings, ReplyListener, SentMessage } from '../chat/chatService.js';
import { cachedScanner } from '../dlp/cachedScanner.js';
import { createDlpScanner, type DlpScanner } from '../dlp/scanner.js';
import { describePolicyLocks } from '../policy/policyLocks.js';
import { chatExportRefusal } from '../policy/chatExport.js';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import type { Policy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import { addEndpoint, type EndpointAccess, type EndpointContext, endpointAccess, listEndpoints, type NewEndpoint, removeEndpoint } from './endpoints.js';
import type { KeyVault } from './keyVault.js';
import { listRemoteModels, type RemoteClientOptions } from './remoteClient.js';
import { previewRemote, type RemoteChatDeps, type RemoteTarget, sendToRemote } from './remoteChat.js';
import { previewRemoteRequest, type RemoteRequestPreview } from './requestPreview.js';
import type { ProviderTurn } from '../llm/provider.js';

export interface RemoteServiceDeps {
  db: Database;
  /** Records endpoints added and removed, and every request: before it leaves, and how it ended. */
  audit: AuditTrail;
  chats: ChatService;
  /** The machine policy in force now: read at each request, as it may change while the app runs. */
  loadedPolicy: () => LoadedPolicy;
  vault: KeyVault;
  generation: GenerationSettings;
  client?: Omit<RemoteClientOptions, 'network'> | undefined;
  localFallback: (chatId: string) => Promise<ModelInfo | null>;
}

/** Remote endpoints as the rest of core uses them, always under the machine policy in force. */
export class RemoteService {
  private readonly endpoints: EndpointContext;
  private readonly chatDeps: RemoteChatDeps;
  /** The DLP scanner of the policy it was built for: built again when the policy changes. */
  private scanning: { policy: Policy; scanner: DlpScanner } | undefined;

  constructor(private readonly deps: RemoteServiceDeps) {
    const policy = () => deps.loadedPolicy().policy;
    this.endpoints = { db: deps.db, audit: deps.audit, vault: deps.vault, network: () => policy().network };
    this.chatDeps = {
      db: deps.db,
      audit: deps.audit,
      chats: deps.chats,
      endpoints: this.endpoints,
      policy,
      scanner: () => this.scanner(),
      // The policy in force, read at each request.
      client: { ...deps.client, network: () => policy().network },
      generation: deps.generation,
      localFallback: deps.localFallback,
      listedModels: (access, fresh) => this.listedModels(access, fresh),
    };
  }

  private scanner(): DlpScanner {
    const policy = this.deps.loadedPolicy().policy;
    if (this.scanning?.policy !== policy) {
      const { customTerms, medicalRecordNumberPatterns } = policy.dlp;
      this.scanning = { policy, scanner: cachedScanner(createDlpScanner({ customTerms, medicalRecordNumberPatterns })) };
    }
    return this.scanning.scanner;
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
      const network = this.deps.loadedPolicy().policy.network;
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
    const loaded = this.deps.loadedPolicy();
    const { policy, source } = loaded;
    return {
      source,
      networkMode: policy.network.mode,
      allowedEndpoints: policy.network.mode === 'allowlist' ? [...policy.network.endpoints] : [],
      allowDocumentPassages: policy.dlp.allowDocumentPassages,
      chatExportRefusal: chatExportRefusal(policy),
      locks: describePolicyLocks(loaded),
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

  /**
   * The body a request with `turns` would send to an endpoint (id or name) now, after data-loss
   * prevention, with the app's default sampling (and `maxTokens` if given); nothing is sent or asked.
   */
  previewRequest(endpointReference: string, model: string, turns: ProviderTurn[], maxTokens?: number): RemoteRequestPreview {
    const sampling = this.deps.chats.samplingFor(null);
    return previewRemoteRequest(this.chatDeps, {
      endpointReference,
      model,
      turns,
      sampling: maxTokens === undefined ? sampling : { ...sampling, maxTokens },
    });
  }

  /** The endpoint's models, and how long asking took: a live test of address, policy and key. */
  async models(endpointId: string): Promise<{ models: string[]; latencyMs: number }> {
    const access = await endpointAccess(this.endpoints, endpointId);
    const started = performance.now();
    const models = await this.listedModels(access, true);
    return { models, latencyMs: Math.round(performance.now() - started) };
  }
}
