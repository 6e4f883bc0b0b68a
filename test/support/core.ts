import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { CoreOptions } from '../../electron/core/app.js';
import { type Enclave, startEnclave } from '../../electron/core/enclave.js';
import { FileGrantRegistry } from '../../electron/core/files/fileGrants.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { GrantPurpose } from '../../electron/shared/fileGrants.js';
import type { EnclaveEvent } from '../../electron/shared/domain.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import type { LoadedPolicy } from '../../electron/core/policy/loadPolicy.js';
import { type PolicyFile, policySchema } from '../../electron/shared/policy.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { useTempDir } from './tempDir.js';
import { testKeychain } from './testKeychain.js';
import { dataPaths } from '../../electron/core/paths.js';
import { defaultStoragePolicy } from '../../electron/core/storage/keySources.js';
import { unlockStorage } from '../../electron/core/storage/unlockStorage.js';
import { readSecretFile } from '../../electron/cli/keySources.js';

export interface TestCore {
  core: Enclave;
  events: EnclaveEvent[];
  modelsDir: string;
  dataDir: string;
  /** Grants paths as main does for a file the user picked or dropped (requests carry grants, never paths). */
  grant: (paths: readonly string[], purpose: GrantPurpose) => Promise<string[]>;
}

/**
 * A real core on a temp directory: real SQLite file, real model host process running llama.cpp on the
 * generated tiny model, one thread and greedy sampling so runs are quick and repeatable.
 */
export async function startTestCore(
  root: string,
  options: {
    withModel?: boolean;
    inference?: CoreOptions['inference'];
    generation?: CoreOptions['generation'];
    policy?: CoreOptions['policy'];
    remoteClient?: CoreOptions['remoteClient'];
    allowKeyFile?: boolean;
    forwardAudit?: boolean;
    auditForwarding?: CoreOptions['auditForwarding'];
  } = {},
): Promise<TestCore> {
  const dataDir = path.join(root, 'data');
  const modelsDir = path.join(root, 'models');
  fs.mkdirSync(modelsDir, { recursive: true });
  if (options.withModel ?? true) {
    fs.copyFileSync(await ensureTestModel('tiny-chat'), path.join(modelsDir, 'tiny-chat.gguf'));
  }
  const fileGrants = new FileGrantRegistry();
  const core = await startEnclave({
    dataDir,
    bundledModelsDir: modelsDir,
    version: '0.0.0-test',
    // Encrypted, as a new database is in the app: the key wrapped by the (boundary-mocked) OS keychain;
    // or, as the CLI does (allowKeyFile), by the suite's passphrase, with no keychain at all.
    services: {
      launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }),
      fileGrants,
      ...(options.allowKeyFile ? {} : { keychain: testKeychain() }),
    },
    ...(options.allowKeyFile ? { keySources: { passphrase: () => Promise.resolve(testPassphrase()), newPassphrase: () => Promise.resolve(testPassphrase()) } } : {}),
    inference: { threads: 1, contextSize: 512, ...options.inference },
    generation: { maxTokens: 48, temperature: 0, ...options.generation },
    // Tests never read the machine's own policy file: offline unless a test gives one.
    policy: options.policy ?? testPolicy({}),
    ...(options.remoteClient ? { remoteClient: options.remoteClient } : {}),
    ...(options.allowKeyFile ? { allowKeyFile: true } : {}),
    ...(options.forwardAudit ? { forwardAudit: true } : {}),
    ...(options.auditForwarding ? { auditForwarding: options.auditForwarding } : {}),
  });
  const events: EnclaveEvent[] = [];
  core.subscribe((event) => events.push(event));
  const grant = (paths: readonly string[], purpose: GrantPurpose) => Promise.all(paths.map((given) => fileGrants.grant(given, purpose)));
  return { core, events, modelsDir, dataDir, grant };
}

/**
 * A real core per test on a fresh temp directory, disposed after the test: `start(options)` as
 * `startTestCore` takes them. For files whose tests each need their own core.
 */
export function useTestCore(): (options?: Parameters<typeof startTestCore>[1]) => Promise<TestCore> {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });
  return async (options) => {
    running = await startTestCore(tempDir(), options);
    return running;
  };
}

/** A policy as if read from a file with this content. */
export function testPolicy(file: PolicyFile): LoadedPolicy {
  return { policy: policySchema.parse(file), source: { path: '/test/policy.json', origin: 'environment', status: 'loaded' } };
}

/** Resolves at the first event that matches. */
export function nextEvent(core: Pick<Enclave, 'subscribe'>, matches: (event: EnclaveEvent) => boolean): Promise<EnclaveEvent> {
  return new Promise((resolve) => {
    const unsubscribe = core.subscribe((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

/** One reply's stream, recorded: every event in order, and a wait for the first that matches. */
export interface RecordedReply {
  readonly events: ReplyEvent[];
  readonly listener: (event: ReplyEvent) => void;
  next(matches: (event: ReplyEvent) => boolean): Promise<ReplyEvent>;
  /** The text the stream delivered, joined. */
  text(): string;
}

export function recordReply(): RecordedReply {
  const events: ReplyEvent[] = [];
  const waiters: { matches: (event: ReplyEvent) => boolean; resolve: (event: ReplyEvent) => void }[] = [];
  return {
    events,
    listener(event) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.matches(event)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    },
    next(matches) {
      const seen = events.find(matches);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ matches, resolve }));
    },
    text: () => events.map((event) => (event.type === 'text' ? event.text : '')).join(''),
  };
}

/**
 * The key of a test database, found as the app finds it (through the test keychain) or as the CLI does
 * (with the suite's passphrase); null when plain.
 */
export async function testDatabaseKey(dataDir: string): Promise<Buffer | null> {
  const sources = { keychain: testKeychain(), passphrase: () => Promise.resolve(testPassphrase()) };
  const { key } = await unlockStorage({ paths: dataPaths(dataDir), sources, policy: defaultStoragePolicy });
  return key;
}

/** The passphrase every CLI the suite runs is given (ENCLAVE_PASSPHRASE_FILE, vitest.config.ts). */
export function testPassphrase(): string {
  return readSecretFile(process.env.ENCLAVE_PASSPHRASE_FILE ?? '', 'test passphrase');
}
