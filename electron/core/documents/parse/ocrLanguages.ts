import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ocrLanguageSchema } from '../../../shared/domain.js';
import { EnclaveError } from '../../errors.js';

/**
 * OCR languages are npm packages: `@tesseract.js-data/<code>` holds one language's traineddata. The
 * languages Enclave can read are the ones installed beside the English it ships with; another comes
 * by adding its package to Enclave's dependencies. Nothing is ever downloaded at run time.
 */

// Not named `require`: the main bundle puts electron-vite's own `require` shim in the same chunk, and two
// top-level declarations of one name are a SyntaxError that stops the app before it starts.
const requireFromHere = createRequire(import.meta.url);

/** The traineddata flavour read: the LSTM-only "best_int" model, small and accurate. */
const modelFolder = '4.0.0_best_int';

/** The folder holding every installed `@tesseract.js-data/*` package, found through the English one Enclave ships. */
function dataPackagesFolder(): string {
  return dirname(dirname(requireFromHere.resolve('@tesseract.js-data/eng/package.json')));
}

/** The installed OCR languages, by Tesseract code, sorted: each package whose traineddata is there. */
export function installedOcrLanguages(): string[] {
  const root = dataPackagesFolder();
  return readdirSync(root)
    .filter((code) => ocrLanguageSchema.safeParse(code).success && existsSync(join(root, code, modelFolder, `${code}.traineddata.gz`)))
    .sort();
}

/**
 * The folder holding a language's traineddata in its npm package. tesseract.js is given this local
 * folder as `langPath`, so it reads the file from disk and never reaches for its default CDN. The code
 * is checked before it becomes part of a path: a setting that says "../x" names no package.
 */
export function languageDataFolder(code: string): string {
  if (!ocrLanguageSchema.safeParse(code).success) throw notInstalledError(code);
  try {
    return join(dirname(requireFromHere.resolve(`@tesseract.js-data/${code}/package.json`)), modelFolder);
  } catch (error) {
    throw notInstalledError(code, error);
  }
}

/**
 * Checks OCR languages before they are saved, so a language that is not installed is a clear error in
 * Settings rather than a failed import later (`invalid-request`, naming the language and the package).
 */
export function assertOcrLanguagesInstalled(codes: readonly string[]): void {
  const installed = new Set(installedOcrLanguages());
  const missing = codes.find((code) => !installed.has(code));
  if (missing !== undefined) throw notInstalledError(missing);
}

function notInstalledError(code: string, cause?: unknown): EnclaveError {
  const shown = JSON.stringify(code.slice(0, 40));
  const installed = installedOcrLanguages().join(', ');
  const advice = ocrLanguageSchema.safeParse(code).success
    ? `Its data comes in the npm package @tesseract.js-data/${code}; add that package to Enclave's dependencies to read it.`
    : 'An OCR language is a Tesseract code such as eng, deu or chi_sim.';
  return new EnclaveError('invalid-request', `The OCR language ${shown} is not installed. ${advice} Installed: ${installed}.`, { cause });
}
