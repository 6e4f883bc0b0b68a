/**
 * The Electron shell: lifecycle, the window, security settings and IPC. The application itself is
 * core (electron/core); this file only wires it to Electron and injects the few services core
 * cannot provide in plain Node (utilityProcess, the file dialog).
 */
import { app, BrowserWindow, clipboard, crashReporter, dialog, ipcMain, session, shell, type WebContents } from 'electron';
import { type Enclave, startEnclave } from '../core/enclave.js';
import { FileGrantRegistry } from '../core/files/fileGrants.js';
import { resolveDataDir } from '../core/paths.js';
import { loadPolicy } from '../core/policy/loadPolicy.js';
import { watchPolicy } from '../core/policy/watchPolicy.js';
import { locateAppFiles } from './appFiles.js';
import { appPageUrl, createAppOrigin, parseDevServerUrl } from './appOrigin.js';
import { registerAppScheme, serveAppProtocol } from './appProtocol.js';
import { cliArguments, runCliMode } from './cliMode.js';
import { createFilePickers } from './dialogs.js';
import { createWindowFileGrants, registerDropGrants } from './fileGrants.js';
import { createSenderCheck, forwardEvents, registerIpc } from './ipc.js';
import { keychain } from './keychain.js';
import { installApplicationMenu } from './menu.js';
import { debuggingSwitchGiven, hardenSession, hardenWebContents } from './security.js';
import { openInSystemViewer } from './systemViewer.js';
import { createDocumentParserLauncher, createUtilityProcessLauncher } from './utilityLauncher.js';
import { createMainWindow } from './window.js';

// Crash dumps are useful to the administrator of an air-gapped machine, but Electron uploads them by
// default once the reporter starts: keep them on disk only. Must run before `ready`.
crashReporter.start({ uploadToServer: false });
// Every renderer sandboxed, whatever a window's preferences say. Must run before `ready`.
app.enableSandbox();

const files = locateAppFiles({
  mainDir: import.meta.dirname,
  appPath: app.getAppPath(),
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
});
const cliArgs = cliArguments(process.argv);

/**
 * How the machine policy is read, by the window and the CLI alike: ENCLAVE_POLICY_FILE counts only in
 * an app that is not packaged (`npm run dev`); a packaged one reads the OS's sources alone, whatever
 * its environment says (core/policy/buildKind.ts).
 */
const policyOptions = { allowPolicyFile: !app.isPackaged };

/** The CLI reads the policy once. */
function machinePolicy() {
  return loadPolicy(policyOptions);
}

const debugging = app.isPackaged ? debuggingSwitchGiven(app.commandLine) : null;

if (debugging) {
  process.stderr.write(`Enclave: --${debugging} is not allowed in an installed app.\n`);
  app.exit(1);
} else if (cliArgs) {
  // `Enclave --cli <command>` (the `enclave` launcher): the CLI, headless, then exit with its code.
  runCliMode({ args: cliArgs, files, loadPolicy: machinePolicy });
} else if (app.requestSingleInstanceLock()) {
  // A privileged scheme must be registered before `ready`.
  registerAppScheme();
  startShell();
} else {
  // A second copy would open the same database; the running one focuses its window instead.
  app.quit();
}

function startShell(): void {
  // Environment overrides meant for development are ignored in a packaged app: a variable must never
  // point the window (and its preload API) at another page, or main at another native addon.
  const devServerUrl = app.isPackaged ? null : parseDevServerUrl(process.env.ELECTRON_RENDERER_URL);
  const sqliteNativeBinding = app.isPackaged ? undefined : process.env.ENCLAVE_SQLITE_BINDING || undefined;
  const origin = createAppOrigin({ devServerUrl });
  let core: Enclave | undefined;
  let disposed = false;
  // The window follows the policy while it runs: an administrator's change applies without a restart.
  const policy = watchPolicy(policyOptions);

  const openWindow = () => createMainWindow({ preload: files.preload, url: devServerUrl ?? appPageUrl, devTools: !app.isPackaged });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin.isAppUrl));
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (core && BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  // Stop generation, the model host and the database before exiting: quitting waits once for that.
  app.on('before-quit', (event) => {
    if (disposed || !core) return;
    event.preventDefault();
    disposed = true;
    core
      .dispose()
      .catch((error: unknown) => console.error('Enclave did not shut down cleanly:', error))
      .finally(() => {
        policy.close();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      // Before the first window: permissions, network, CSP, downloads and the spellchecker.
      hardenSession(session.defaultSession, origin);
      // The built renderer over app://, from its own folder only; never file://.
      serveAppProtocol(session.defaultSession, files.rendererDir);
      installApplicationMenu({ isPackaged: app.isPackaged });
      // Main owns the file grants: windows get them for what the user picks or drops, core resolves them.
      const fileGrants = new FileGrantRegistry();
      const windowGrants = createWindowFileGrants(fileGrants);
      // The database key comes from the OS keychain (or, at the unlock screen, a passphrase or recovery key).
      core = await startEnclave({
        dataDir: resolveDataDir(undefined, app.getPath('userData')),
        bundledModelsDir: files.bundledModelsDir,
        version: app.getVersion(),
        services: {
          launchModelHost: createUtilityProcessLauncher(files.modelHost),
          launchDocumentParser: createDocumentParserLauncher(files.documentParser),
          fileGrants,
          ...createFilePickers(windowGrants),
          keychain,
          // Only after the window showed the URL and the user confirmed; core checks scheme and policy.
          openExternal: (url) => shell.openExternal(url),
          copyToClipboard: (text) => clipboard.writeText(text),
          // A document's own file, by core's stored path only (checked against its hash first).
          openPath: openInSystemViewer(shell),
        },
        sqliteNativeBinding,
        policy: policy.policies,
        // While the window is open, each audit entry goes on to the policy's syslog collector, if any.
        forwardAudit: true,
        // The local API server runs again if the user left it on in Settings (and the policy allows it).
        resumeApiServer: true,
      });
      const ownsContents = (contents: WebContents) => BrowserWindow.fromWebContents(contents) !== null;
      const isTrustedSender = createSenderCheck(origin.isAppUrl, ownsContents);
      registerIpc(ipcMain, core, isTrustedSender);
      registerDropGrants(ipcMain, windowGrants, isTrustedSender);
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Electron made these windows with BrowserWindow's constructor; the rule misreads its declarations
      forwardEvents(core, () => BrowserWindow.getAllWindows(), origin.isAppUrl);
      openWindow();
      // While the window paints and the user types, the model host starts: the first reply is quicker.
      if (!core.status.startupError) core.provider.prewarm();
    })
    .catch((error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('Enclave could not start', detail);
      app.exit(1);
    });
}
