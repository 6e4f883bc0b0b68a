import { describe, expect, it } from 'vitest';
import { policyEnvironment } from '../../../electron/main/policyEnvironment.js';

describe('the environment the app reads its machine policy with', () => {
  const env = { ENCLAVE_POLICY_FILE: '/tmp/loose.json', PATH: '/usr/bin' };

  it('ignores ENCLAVE_POLICY_FILE in an installed app, so only IT decides the policy', () => {
    expect(policyEnvironment(true, env)).toEqual({ PATH: '/usr/bin' });
  });

  it('honours it in development and tests', () => {
    expect(policyEnvironment(false, env)).toBe(env);
  });
});
