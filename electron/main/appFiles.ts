import path from 'node:path';

/** The files the shell loads, wherever the app runs from. */
export interface AppFiles {
  /** The sandboxed preload script (bundled CommonJS). */
  preload: string;
  /** The model host's entry, started as a utilityProcess. */
  modelHost: string;
  /** The document reader's entry, started as a utilityProcess. */
  documentParser: string;
  /** The CLI's dispatcher (electron/cli/runCli.ts), loaded by `Enclave --cli`. */
  cli: string;
  /** The built renderer folder, served as app://enclave/ (appProtocol.ts). */
  rendererDir: string;
  /** GGUF files shipped with the app (installer) or kept in the repository's models/ (development). */
  bundledModelsDir: string;
}

export interface AppLocation {
  /** The folder of the running main bundle (out/main). */
  mainDir: string;
  /** `app.getAppPath()`: the repository root in development, app.asar when packaged. */
  appPath: string;
  isPackaged: boolean;
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string;
}

/** electron-vite writes out/main, out/preload and out/renderer side by side. */
export function locateAppFiles(location: AppLocation): AppFiles {
  const outDir = path.dirname(location.mainDir);
  const rendererDir = path.join(outDir, 'renderer');
  return {
    preload: path.join(outDir, 'preload', 'index.cjs'),
    modelHost: path.join(location.mainDir, 'modelHost.js'),
    documentParser: path.join(location.mainDir, 'documentParser.js'),
    cli: path.join(location.mainDir, 'cli.js'),
    rendererDir,
    bundledModelsDir: location.isPackaged
      ? path.join(location.resourcesPath, 'models')
      : path.join(location.appPath, 'models'),
  };
}
