import type { PolicyStatus } from '@shared/remote.js';

/**
 * Why remote endpoints are off, naming who decided, for the one line that stands in for every remote
 * feature (Settings' endpoints, Usage's spend and prices): "there is no machine policy", "the machine
 * policy of Contoso IT keeps everything on this computer", "the machine policy is invalid". Null when
 * the policy allows endpoints.
 */
export function remoteOffReason(policy: PolicyStatus): string | null {
  if (policy.networkMode !== 'offline') return null;
  switch (policy.source.status) {
    case 'missing':
      return 'there is no machine policy';
    case 'invalid':
      return 'the machine policy is invalid';
    case 'loaded': {
      // The network lock says who set it: the policy's name, or "the machine policy" when it has none.
      const setBy = policy.locks.settings.find((setting) => setting.key === 'network')?.setBy;
      const owner = setBy && setBy !== 'the machine policy' ? ` of ${setBy}` : '';
      return `the machine policy${owner} keeps everything on this computer`;
    }
  }
}
