/**
 * The environment the machine policy is read with. ENCLAVE_POLICY_FILE points the policy elsewhere,
 * for tests and development; in an installed app it would let whoever starts Enclave pick a looser
 * policy than IT's, so a packaged app ignores it and reads only the OS-wide location.
 */
export function policyEnvironment(isPackaged: boolean, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!isPackaged) return env;
  const { ENCLAVE_POLICY_FILE: _ignored, ...rest } = env;
  return rest;
}
