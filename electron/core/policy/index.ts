/** The machine-wide policy: where it lives, how it loads (failing closed), what it allows. See README.md. */
export { isEndpointAllowed, type EndpointDecision } from './endpoints.js';
export { combinedSha256, loadPolicy, type LoadedPolicy } from './loadPolicy.js';
export { type MachineAccess, nodeMachineAccess } from './machineAccess.js';
export { PolicyHolder } from './policyHolder.js';
export { policySources, type PolicyReadOptions, type PolicySourceSpec } from './policySources.js';
export { describePolicyLocks } from './policyLocks.js';
export { type PolicyWatcher, watchPolicy } from './watchPolicy.js';
