import os from 'node:os';
import path from 'node:path';

export const productName = 'Enclave';

/**
 * The directory Electron's `app.getPath('userData')` gives for this product, computed without
 * Electron so the CLI opens the very database the app uses.
 */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}

/** `ENCLAVE_DATA_DIR` wins over everything, so tests and IT scripts can point anywhere. */
export function resolveDataDir(explicit: string | undefined, fallback: string, env = process.env): string {
  return path.resolve(explicit ?? env.ENCLAVE_DATA_DIR ?? fallback);
}

export interface DataPaths {
  dataDir: string;
  databasePath: string;
  /** The database key, wrapped (storage/keyFile.ts); never the key itself. */
  storageKeyPath: string;
  userModelsDir: string;
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    databasePath: path.join(dataDir, 'enclave.db'),
    storageKeyPath: path.join(dataDir, 'enclave.key'),
    userModelsDir: path.join(dataDir, 'models'),
  };
}
