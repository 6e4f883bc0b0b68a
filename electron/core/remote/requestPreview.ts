import type { Policy } from '../../shared/policy.js';
import type { SamplingSettings } from '../../shared/presets.js';
import type { OutgoingFindingNotice } from '../../shared/remote.js';
import { planOutgoing } from '../chat/outgoing.js';
import type { DlpScanner } from '../dlp/scanner.js';
import { EnclaveError } from '../errors.js';
import type { ProviderTurn } from '../llm/provider.js';
import { type EndpointContext, getEndpoint } from './endpoints.js';
import { chatCompletionBody } from './remoteClient.js';

/** What a request to an endpoint would carry, worked out without sending it (`enclave prompt --remote`). */
export interface RemoteRequestPreview {
  endpoint: { id: string; name: string };
  model: string;
  /** Where the policy sends it: out (`remote`), kept on this machine (`local`), or refused (`blocked`). */
  route: 'remote' | 'local' | 'blocked';
  /** One sentence: where it would go and why, as a reply's route reason says it. */
  reason: string;
  /** The JSON body exactly as it would leave, after data-loss prevention; null when it would not leave. */
  body: string | null;
  /** How many values DLP would replace by placeholders in the body. */
  redactions: number;
  /** What DLP found, masked. */
  findings: OutgoingFindingNotice[];
}

export interface RequestPreviewDeps {
  endpoints: EndpointContext;
  policy: () => Policy;
  scanner: () => DlpScanner;
}

/**
 * The body a chat request to `endpointReference` (id or name) would send for `turns`, through the
 * same data-loss rules and body builder a send uses. Reads no key and asks the endpoint nothing; an
 * endpoint the policy does not allow is refused (`remote-not-allowed`), as a send would be.
 */
export function previewRemoteRequest(
  deps: RequestPreviewDeps,
  request: { endpointReference: string; model: string; turns: ProviderTurn[]; sampling: SamplingSettings },
): RemoteRequestPreview {
  const endpoint = getEndpoint(deps.endpoints, request.endpointReference);
  if (!endpoint.allowed) throw new EnclaveError('remote-not-allowed', endpoint.blockedReason ?? `The machine policy does not allow ${endpoint.baseUrl}.`);
  const plan = planOutgoing(
    { turns: request.turns, hasPassages: false, confidentialCollections: [], endpointName: endpoint.name, model: request.model },
    deps.policy(),
    deps.scanner(),
  );
  const body = plan.route === 'remote' ? JSON.stringify(chatCompletionBody({ model: request.model, turns: plan.turns, ...request.sampling })) : null;
  return {
    endpoint: { id: endpoint.id, name: endpoint.name },
    model: request.model,
    route: plan.route,
    reason: plan.reason,
    body,
    redactions: plan.redactions.length,
    findings: plan.findings,
  };
}
