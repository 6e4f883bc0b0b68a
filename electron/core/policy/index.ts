/** The machine-wide policy: where it lives, how it loads (failing closed), what it allows. See README.md. */
export { isEndpointAllowed, type EndpointDecision } from './endpoints.js';
export { loadPolicy, type LoadedPolicy } from './loadPolicy.js';
export { machinePolicyPath, policyLocation, type PolicyLocationOptions } from './policyLocation.js';
export { describePolicyLocks } from './policyLocks.js';
