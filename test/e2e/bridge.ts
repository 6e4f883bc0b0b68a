/**
 * Runs the built renderer (out/renderer) in headless Chromium against the REAL core: a real SQLite
 * database in a temporary folder, the real model host running a generated GGUF model, the real
 * policy loader reading a policy file the test writes (or finding none). Only a few things stand in
 * for Electron, which cannot run here: the preload (a Playwright binding and an init script building
 * `window.enclave` with the same `createEnclaveApi`), the native file dialogs (which hand out file
 * grants, as main's do), webUtils' path of a dropped file (a name-to-path map the test fills) and
 * main's grant for it, safeStorage (the OS keychain, which a test may make unavailable), and the
 * system browser, clipboard and file viewer.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type Enclave, startEnclave as startEnclaveCore } from '../../electron/core/enclave.js';
import { toAppError } from '../../electron/core/errors.js';
import { FileGrantRegistry } from '../../electron/core/files/fileGrants.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import type { AuditFileKind } from '../../electron/shared/audit.js';
import { dropGrantRequestSchema, type GrantPurpose } from '../../electron/shared/fileGrants.js';
import type { StreamEvent } from '../../electron/shared/streams.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import { type LoadedPolicy, loadPolicy } from '../../electron/core/policy/loadPolicy.js';
import { testKeychain } from '../support/testKeychain.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import type { TestModelPresetName } from '../../scripts/gguf/presets.js';
import {
  droppedFilesName,
  emitFunctionName,
  emitInPage,
  bytesReplacer,
  grantDropBindingName,
  invokeBindingName,
  streamFunctionName,
  pageApiInitScript,
  registerDroppedFileInPage,
} from './pageApi.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
/** out/renderer, or a renderer built elsewhere (ENCLAVE_E2E_RENDERER_DIR), so that work in progress can be tried without touching out/. */
export const rendererDir = process.env.ENCLAVE_E2E_RENDERER_DIR ? path.resolve(process.env.ENCLAVE_E2E_RENDERER_DIR) : path.join(repositoryRoot, 'out', 'renderer');
export const screenshotDir = path.join(repositoryRoot, 'test-results', 'e2e');

/** The page's origin. Requests to it are answered from out/renderer; anything else is refused and recorded. */
const appOrigin = 'http://enclave.test';

export interface EnclaveHarnessOptions {
  /** Copy the generated tiny-chat model into the bundled models folder (false: the first-run state). */
  withModel: boolean;
  /** More generated models to put in the bundled models folder, as `<preset>.gguf` (an embedding model, say). */
  extraModels?: TestModelPresetName[];
  maxTokens?: number;
  contextSize?: number;
  /** Runs on the data folder (empty unless `dataDir` names one) before core opens it (to plant a corrupt database, say). */
  prepareDataDir?(dataDir: string): Promise<void>;
  /**
   * A data folder the test made and keeps: core opens what an earlier harness left there (a database
   * with a passphrase, say), and close() leaves it for the next. Without it, a fresh folder per harness.
   */
  dataDir?: string;
  /** false: the boundary mock of the OS keychain is unavailable, as on Linux without a secret service. */
  keychainAvailable?: boolean;
  /**
   * The machine policy file's text, read through the real loader (ENCLAVE_POLICY_FILE pointing at
   * it): JSON allowing a loopback endpoint, say, or a broken file. Without it there is no policy
   * file, so core is offline as on a machine without one; the machine's own file is never read.
   */
  policyFileText?: string;
  /** The policy as loaded, when a test builds one directly (test/support/core.ts testPolicy). */
  policy?: LoadedPolicy;
}

export interface EnclaveHarness {
  readonly page: Page;
  readonly core: Enclave;
  /** The bundled models folder core scans. */
  readonly modelsDir: string;
  /** The generated tiny-chat GGUF in the test-model cache. */
  readonly generatedModelPath: string;
  /** Requests the page tried to make to anywhere but the app itself (must stay empty). */
  readonly foreignRequests: string[];
  /** Every request the pages sent, by channel, in order (to count what one action costs). */
  readonly requestLog: string[];
  /** Every stream event core sent back to a page, with its request's channel. */
  readonly streamEvents: { channel: string; event: StreamEvent }[];
  /** Calls `listener` with each stream event as core sends it, before the page gets it. */
  onStreamEvent(listener: (entry: { channel: string; event: StreamEvent }) => void): () => void;
  /** Console errors, uncaught exceptions and CSP violations in the page (must stay empty). */
  readonly pageErrors: string[];
  /** What the boundary mock of the OS keychain holds: ciphertext by plain text, to show a key was stored there. */
  readonly keychainEntries: ReadonlyMap<string, Buffer>;
  /** URLs the boundary mock of the system browser (shell.openExternal) was asked to open, in order. */
  readonly openedLinks: string[];
  /** Texts the boundary mock of the system clipboard was given, in order. */
  readonly clipboard: string[];
  /** Files the boundary mock of the system's viewer (shell.openPath) was asked to open, in order. */
  readonly openedFiles: string[];
  /** Grants paths as main does for files the user picked (for calling core's handlers directly). */
  grant(paths: readonly string[], purpose: GrantPurpose): Promise<string[]>;
  /** What the boundary mock of the native "Import models" dialog picks next (granted when picked); null means "cancelled". */
  setPickedModelFiles(filePaths: string[] | null): void;
  /** What the boundary mock of the native "Attach adapter" dialog picks next; null means "cancelled". */
  setPickedAdapterFile(filePath: string | null): void;
  /** What the boundary mock of the native "Add files" / "Add folder" dialog of Documents picks next. */
  setPickedDocumentFiles(filePaths: string[] | null): void;
  /** Where the boundary mock of the native "Back up" save dialog writes next; null means "cancelled". */
  setPickedBackupDestination(filePath: string | null): void;
  /** What the boundary mock of the native "Restore from a backup" dialog picks next; null means "cancelled". */
  setPickedBackupFile(filePath: string | null): void;
  /** Where the boundary mock of the audit trail's save dialog (an export, a checkpoint) writes next; null means "cancelled". */
  setPickedAuditDestination(filePath: string | null): void;
  /** What the audit trail's save dialog was asked for, in order (an export's format, or a checkpoint). */
  readonly auditDialogs: AuditFileKind[];
  /** Makes a dropped File named `fileName` stand for `filePath` (webUtils' answer), in every page; main grants it. */
  registerDroppedFile(fileName: string, filePath: string): Promise<void>;
  /** Opens the app in a fresh tab of the same profile (same localStorage), as reopening the window does. */
  openPage(): Promise<Page>;
  /** Saves test-results/e2e/<name>-<scheme>.png of `page` in the given colour scheme. */
  screenshot(page: Page, name: string, colorScheme: 'light' | 'dark'): Promise<string>;
  close(): Promise<void>;
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

/** Debian's Chromium: the e2e tests drive a real browser, never Playwright's downloaded one. */
const chromiumPath = '/usr/bin/chromium';

export function assertRendererBuilt(): void {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir}/index.html is missing. Build the app first: npx electron-vite build`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing. Install it with: apt-get install -y chromium`);
  }
}

export async function startEnclave(options: EnclaveHarnessOptions): Promise<EnclaveHarness> {
  assertRendererBuilt();
  const root = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-'));
  const modelsDir = path.join(root, 'bundled-models');
  await mkdir(modelsDir);
  const generatedModelPath = await ensureTestModel('tiny-chat');
  if (options.withModel) await copyFile(generatedModelPath, path.join(modelsDir, 'tiny-chat.gguf'));
  for (const preset of options.extraModels ?? []) await copyFile(await ensureTestModel(preset), path.join(modelsDir, `${preset}.gguf`));

  const dataDir = options.dataDir ?? path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  await options.prepareDataDir?.(dataDir);

  let pickedModelFiles: string[] | null = null;
  let pickedAdapterFile: string | null = null;
  let pickedDocumentFiles: string[] | null = null;
  let pickedBackupDestination: string | null = null;
  let pickedBackupFile: string | null = null;
  let pickedAuditDestination: string | null = null;
  const auditDialogs: AuditFileKind[] = [];
  const policyPath = path.join(root, 'policy.json');
  if (options.policyFileText !== undefined) await writeFile(policyPath, options.policyFileText);
  const keychain = testKeychain({ available: options.keychainAvailable ?? true });
  // Main's part in file grants: the registry, the dialogs granting what they return, the drop request.
  const fileGrants = new FileGrantRegistry();
  const grant = (paths: readonly string[], purpose: GrantPurpose) => Promise.all(paths.map((filePath) => fileGrants.grant(filePath, purpose)));
  const openedLinks: string[] = [];
  const clipboard: string[] = [];
  const openedFiles: string[] = [];
  const core = await startEnclaveCore({
    dataDir,
    bundledModelsDir: modelsDir,
    version: '0.0.0-e2e',
    services: {
      launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }),
      fileGrants,
      // Boundary mocks: the native file dialogs exist only in Electron.
      pickModelFiles: async () => pickedModelFiles && grant(pickedModelFiles, 'models'),
      pickAdapterFile: async () => pickedAdapterFile && ((await grant([pickedAdapterFile], 'adapter'))[0] ?? null),
      pickDocumentFiles: async () => pickedDocumentFiles && grant(pickedDocumentFiles, 'documents'),
      pickBackupDestination: async () => pickedBackupDestination && ((await grant([pickedBackupDestination], 'backup'))[0] ?? null),
      pickBackupFile: async () => pickedBackupFile && ((await grant([pickedBackupFile], 'restore'))[0] ?? null),
      pickAuditDestination: async (kind) => {
        auditDialogs.push(kind);
        return pickedAuditDestination && ((await grant([pickedAuditDestination], 'export'))[0] ?? null);
      },
      keychain,
      // Boundary mocks: the system browser and clipboard, recorded.
      openExternal: (url) => {
        openedLinks.push(url);
        return Promise.resolve();
      },
      copyToClipboard: (text) => {
        clipboard.push(text);
        return Promise.resolve();
      },
      // Boundary mock: the system's viewer (shell.openPath), recorded.
      openPath: (filePath) => {
        openedFiles.push(filePath);
        return Promise.resolve();
      },
    },
    policy: options.policy ?? loadPolicy({ env: { ENCLAVE_POLICY_FILE: policyPath } }),
    inference: { threads: 1, contextSize: options.contextSize ?? 512 },
    generation: { maxTokens: options.maxTokens ?? 64, temperature: 0 },
  });

  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const foreignRequests: string[] = [];
  const requestLog: string[] = [];
  const streamEvents: { channel: string; event: StreamEvent }[] = [];
  const streamListeners = new Set<(entry: { channel: string; event: StreamEvent }) => void>();
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== appOrigin) {
      foreignRequests.push(url.href);
      return route.abort('blockedbyclient');
    }
    const file = path.join(rendererDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(rendererDir + path.sep) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: contentTypeOf(file), body: await readFile(file) });
  });
  // The result crosses as JSON text, parsed in the page: Playwright's own serialisation of a large
  // result (a 10,000-message chat, ~9 MB) takes seconds where Electron's structured clone takes milliseconds.
  // A request with a stream id gets its stream back in the page that asked, in order (like
  // webContents.send to the sender in electron/main/ipc.ts), one evaluation after the other.
  await context.exposeBinding(invokeBindingName, async (source, channel: unknown, payload: unknown, streamId: unknown) => {
    let delivered = Promise.resolve();
    const sink =
      typeof streamId === 'string'
        ? (event: unknown) => {
            delivered = delivered
              .then(() => source.page.evaluate(emitInPage, [streamFunctionName, [streamId, event]] as const))
              .catch(() => undefined); // a page that is closing misses its stream, as a closing window would
          }
        : undefined;
    requestLog.push(String(channel));
    const recorded = sink && ((event: unknown) => {
      const entry = { channel: String(channel), event: event as StreamEvent };
      streamEvents.push(entry);
      for (const listener of [...streamListeners]) listener(entry);
      sink(event);
    });
    return JSON.stringify(await dispatchRequest(core.handlers, channel, payload, recorded), bytesReplacer);
  });
  // Main's answer to the preload's drop-grant request (electron/main/fileGrants.ts), parsed the same way.
  await context.exposeBinding(grantDropBindingName, async (_source, filePath: unknown, purpose: unknown) => {
    const request = dropGrantRequestSchema.safeParse({ path: filePath, purpose });
    if (!request.success || !path.isAbsolute(request.data.path)) {
      return JSON.stringify({ ok: false, error: { code: 'invalid-request', message: 'That is not a file dropped on the window.' } });
    }
    try {
      return JSON.stringify({ ok: true, value: await fileGrants.grant(request.data.path, request.data.purpose) });
    } catch (error) {
      return JSON.stringify({ ok: false, error: toAppError(error) });
    }
  });
  // An init script of the context runs again at every load: a page that reloads (as every window does
  // on storage.changed) gets its `window.enclave` again, as a reloaded Electron window gets its preload.
  await context.addInitScript({ content: pageApiInitScript() });

  const pages = new Set<Page>();
  // Like webContents.send: every open window gets every event, in order.
  const unsubscribe = core.subscribe((event) => {
    for (const page of pages) {
      page.evaluate(emitInPage, [emitFunctionName, event] as const).catch(() => {
        // A page that is closing or reloading misses the event, as a reloading Electron window would.
      });
    }
  });

  async function openPage(): Promise<Page> {
    const page = await context.newPage();
    pages.add(page);
    page.on('close', () => pages.delete(page));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    await page.goto(`${appOrigin}/index.html`);
    return page;
  }

  const page = await openPage();
  return {
    page,
    core,
    modelsDir,
    generatedModelPath,
    foreignRequests,
    requestLog,
    streamEvents,
    onStreamEvent(listener) {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    pageErrors,
    keychainEntries: keychain.entries,
    openedLinks,
    clipboard,
    openedFiles,
    grant,
    setPickedModelFiles: (filePaths) => {
      pickedModelFiles = filePaths;
    },
    setPickedAdapterFile: (filePath) => {
      pickedAdapterFile = filePath;
    },
    setPickedDocumentFiles: (filePaths) => {
      pickedDocumentFiles = filePaths;
    },
    setPickedBackupDestination: (filePath) => {
      pickedBackupDestination = filePath;
    },
    setPickedBackupFile: (filePath) => {
      pickedBackupFile = filePath;
    },
    setPickedAuditDestination: (filePath) => {
      pickedAuditDestination = filePath;
    },
    auditDialogs,
    async registerDroppedFile(fileName, filePath) {
      const entry = [droppedFilesName, fileName, filePath] as const;
      // For pages opened or reloaded later (init scripts run in the order they were added) ...
      await context.addInitScript(registerDroppedFileInPage, entry);
      // ... and for the pages open now.
      for (const open of pages) await open.evaluate(registerDroppedFileInPage, entry);
    },
    openPage,
    async screenshot(target, name, colorScheme) {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${name}-${colorScheme}.png`);
      await target.emulateMedia({ colorScheme });
      await target.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      return file;
    },
    async close() {
      unsubscribe();
      await browser.close().catch(() => undefined);
      await core.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function contentTypeOf(file: string): string {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
    '.mjs': 'text/javascript; charset=utf-8',
  };
  return types[path.extname(file)] ?? 'application/octet-stream';
}
