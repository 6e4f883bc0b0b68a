/**
 * `npm start` (built app) and `npm run dev` (`--dev`, the electron-vite dev server).
 *
 * 1. Checks the Electron binary is installed without loading the `electron` package: its index.js
 *    downloads the binary when it is missing, which an offline machine cannot do.
 * 2. Makes sure a better-sqlite3-multiple-ciphers addon built for Electron's ABI exists in
 *    .cache/electron-native/<electron version>/, building it from a copy of node_modules/better-sqlite3-multiple-ciphers
 *    so the Node build that the tests and the CLI load stays untouched.
 * 3. Runs electron-vite with ENCLAVE_SQLITE_BINDING pointing at that addon, and exits with its code.
 *
 * Plain JavaScript, so it runs before anything is built or compiled.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(import.meta.dirname, '..');

export const missingBinaryMessage =
  'Enclave: the Electron binary is not installed (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or offline). ' +
  'Install it from your mirror (README: "Offline install"), or use the CLI: npm run cli -- --help';

/** Where Electron's executable sits inside its dist folder when path.txt does not say. */
const defaultExecutables = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/**
 * The Electron executable and its version, or null when it is not installed. Follows the electron
 * package's own rules: node_modules/electron/path.txt names the executable inside dist/, and
 * ELECTRON_OVERRIDE_DIST_PATH replaces dist/ with a folder of the user's choosing.
 * @param {string} root the repository root
 * @param {Record<string, string | undefined>} env
 * @param {NodeJS.Platform} platform
 * @returns {{ binary: string, version: string } | null}
 */
export function findElectronBinary(root, env = process.env, platform = process.platform) {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const named = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const overrideDir = env.ELECTRON_OVERRIDE_DIST_PATH || '';
  if (!overrideDir && !named) return null;
  const distDir = overrideDir || path.join(packageDir, 'dist');
  const binary = path.join(distDir, named || defaultExecutables[platform] || 'electron');
  if (!fs.existsSync(binary)) return null;
  // Electron's dist folder carries a `version` file; an override folder may hold another release.
  const versionFile = path.join(distDir, 'version');
  const version = fs.existsSync(versionFile)
    ? fs.readFileSync(versionFile, 'utf8').trim().replace(/^v/, '')
    : readJson(path.join(packageDir, 'package.json')).version;
  return { binary, version };
}

/**
 * Where Electron's headers come from for the native rebuild. Offline, point ELECTRON_HEADERS_MIRROR
 * (or npm's `disturl`) at an internal mirror of https://www.electronjs.org/headers.
 * @param {Record<string, string | undefined>} env
 */
export function electronHeadersUrl(env = process.env) {
  return env.ELECTRON_HEADERS_MIRROR || env.npm_config_disturl || 'https://www.electronjs.org/headers';
}

/**
 * Returns the path of a better-sqlite3-multiple-ciphers addon built for this Electron, building it on first use.
 * @param {string} root
 * @param {string} electronVersion
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<string>}
 */
export async function ensureSqliteForElectron(root, electronVersion, env = process.env) {
  const cacheDir = path.join(root, '.cache', 'electron-native', electronVersion);
  const addon = path.join(cacheDir, 'better_sqlite3.node');
  const stampFile = path.join(cacheDir, 'better_sqlite3.json');
  const source = path.join(root, 'node_modules', 'better-sqlite3-multiple-ciphers');
  // The addon must match better-sqlite3-multiple-ciphers's JavaScript as well as Electron: rebuild when either changes.
  const stamp = JSON.stringify({
    betterSqlite3: readJson(path.join(source, 'package.json')).version,
    electron: electronVersion,
    platform: process.platform,
    arch: process.arch,
  });
  if (fs.existsSync(addon) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return addon;

  if (!fs.existsSync(path.join(root, 'node_modules', '@electron', 'rebuild'))) {
    throw new Error('@electron/rebuild is missing from node_modules (it comes with electron-builder); run npm install');
  }
  console.error(`Enclave: building better-sqlite3-multiple-ciphers for Electron ${electronVersion} (first start only; takes a few minutes).`);
  const staging = path.join(cacheDir, 'staging');
  const stagedModule = path.join(staging, 'node_modules', 'better-sqlite3-multiple-ciphers');
  fs.rmSync(staging, { recursive: true, force: true });
  // Copy the sources, not the Node build: node-gyp writes its output inside the module folder.
  fs.cpSync(source, stagedModule, { recursive: true, filter: (entry) => entry !== path.join(source, 'build') });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'enclave-electron-native', private: true, dependencies: { 'better-sqlite3-multiple-ciphers': '*' } }),
  );

  await withRebuildEnvironment(env, async () => {
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: staging,
      // Stops the module search at the staging folder, so the repository's own copy is never touched.
      projectRootPath: staging,
      electronVersion,
      onlyModules: ['better-sqlite3-multiple-ciphers'],
      force: true,
      // prebuild-install would try GitHub; compile from the sources we already have.
      buildFromSource: true,
      headerURL: electronHeadersUrl(env),
    });
  });

  const built = path.join(stagedModule, 'build', 'Release', 'better_sqlite3.node');
  fs.copyFileSync(built, `${addon}.tmp`);
  fs.renameSync(`${addon}.tmp`, addon);
  fs.writeFileSync(stampFile, stamp);
  fs.rmSync(staging, { recursive: true, force: true });
  return addon;
}

/**
 * node-gyp reads `nodedir` from npm's environment; a machine set up to build Node addons offline
 * (nodedir=/usr) would silently compile against Node's headers and produce an addon Electron refuses
 * to load. Use ELECTRON_HEADERS_DIR (unpacked Electron headers) when given, else download from
 * electronHeadersUrl.
 * @param {Record<string, string | undefined>} env
 * @param {() => Promise<void>} work
 */
async function withRebuildEnvironment(env, work) {
  const saved = process.env.npm_config_nodedir;
  if (env.ELECTRON_HEADERS_DIR) process.env.npm_config_nodedir = env.ELECTRON_HEADERS_DIR;
  else delete process.env.npm_config_nodedir;
  try {
    await work();
  } finally {
    if (saved === undefined) delete process.env.npm_config_nodedir;
    else process.env.npm_config_nodedir = saved;
  }
}

/** @param {string} file */
function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * @param {string[]} args
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<number>} the exit code
 */
async function main(args, env) {
  const electron = findElectronBinary(repositoryRoot, env);
  if (!electron) {
    process.stderr.write(`${missingBinaryMessage}\n`);
    return 1;
  }
  let sqliteBinding;
  try {
    sqliteBinding = await ensureSqliteForElectron(repositoryRoot, electron.version, env);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Enclave: could not build better-sqlite3-multiple-ciphers for Electron ${electron.version} (${detail}). ` +
        'Offline, set ELECTRON_HEADERS_MIRROR to a mirror of the Electron headers or ELECTRON_HEADERS_DIR to unpacked headers (README: "Offline install").\n',
    );
    return 1;
  }
  const mode = args.includes('--dev') ? 'dev' : 'preview';
  const forwarded = args.filter((arg) => arg !== '--dev');
  const cli = path.join(repositoryRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const child = spawn(process.execPath, [cli, mode, ...forwarded], {
    cwd: repositoryRoot,
    stdio: 'inherit',
    // electron-vite reads ELECTRON_EXEC_PATH rather than ELECTRON_OVERRIDE_DIST_PATH.
    env: { ...env, ENCLAVE_SQLITE_BINDING: sqliteBinding, ELECTRON_EXEC_PATH: electron.binary },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`Enclave: could not run electron-vite (${error.message}).\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
