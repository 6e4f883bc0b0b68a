/**
 * Generates the GGUF test models.
 *
 *   tsx scripts/generate-test-models.ts [--preset NAME]... [--out DIR]
 *
 * Without --preset it writes every small preset; large ones (bench-1b) only when named. Files go to
 * `models/<preset>.gguf` unless --out says otherwise. Tests call `ensureTestModel` instead, which keeps a
 * versioned copy in `.cache/test-models`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTestModelPresetName, testModelPresetNames, testModelPresets, type TestModelPresetName } from './gguf/presets.js';
import { layoutGguf, writeGguf } from './gguf/writer.js';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/** Default cache for generated models; gitignored. */
export const defaultTestModelCacheDir = join(repositoryRoot, '.cache', 'test-models');

/**
 * Returns the path of a generated `preset` model in `cacheDir`, writing it first if no file for the
 * preset's current content exists. The file name carries the content version and a hash of the header,
 * and is written under a unique temporary name then renamed, so parallel test workers never see half a file.
 */
export async function ensureTestModel(
  preset: TestModelPresetName,
  cacheDir: string = defaultTestModelCacheDir,
): Promise<string> {
  const definition = testModelPresets[preset];
  const source = definition.build();
  const headerHash = createHash('sha256').update(layoutGguf(source).header).digest('hex').slice(0, 8);
  const filePath = join(cacheDir, `${preset}-v${definition.contentVersion}-${headerHash}.gguf`);
  if (await exists(filePath)) return filePath;
  await mkdir(cacheDir, { recursive: true });
  await writeAtomically(filePath, (temporaryPath) => writeGguf(temporaryPath, source));
  return filePath;
}

/** Writes `preset` to `filePath` (replacing it) and returns how long it took in milliseconds. */
export async function generateTestModel(preset: TestModelPresetName, filePath: string): Promise<number> {
  const started = performance.now();
  await writeAtomically(filePath, (temporaryPath) => writeGguf(temporaryPath, testModelPresets[preset].build()));
  return performance.now() - started;
}

async function writeAtomically(filePath: string, write: (temporaryPath: string) => Promise<unknown>): Promise<void> {
  const temporaryPath = `${filePath}.${process.pid}-${randomUUID()}.tmp`;
  try {
    await write(temporaryPath);
    await rename(temporaryPath, filePath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    // On Windows a rename onto a file another worker just finished can fail; that file is as good.
    if (await exists(filePath)) return;
    throw error;
  }
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}

function parseArguments(argv: readonly string[]): { presets: TestModelPresetName[]; outDir: string } {
  const presets: TestModelPresetName[] = [];
  let outDir = join(repositoryRoot, 'models');
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = argv[index + 1];
    if ((argument === '--preset' || argument === '--out') && value === undefined) {
      throw new Error(`${argument} needs a value`);
    }
    if (argument === '--preset' && value !== undefined) {
      if (!isTestModelPresetName(value)) {
        throw new Error(`Unknown preset "${value}". Known presets: ${testModelPresetNames.join(', ')}`);
      }
      presets.push(value);
      index++;
    } else if (argument === '--out' && value !== undefined) {
      outDir = resolve(value);
      index++;
    } else {
      throw new Error(`Unknown argument "${argument}". Usage: generate-test-models [--preset NAME]... [--out DIR]`);
    }
  }
  if (presets.length === 0) presets.push(...testModelPresetNames.filter((name) => !testModelPresets[name].large));
  return { presets, outDir };
}

async function main(): Promise<void> {
  const { presets, outDir } = parseArguments(process.argv.slice(2));
  await mkdir(outDir, { recursive: true });
  for (const preset of presets) {
    const filePath = join(outDir, `${preset}.gguf`);
    const milliseconds = await generateTestModel(preset, filePath);
    const { fileSize } = layoutGguf(testModelPresets[preset].build());
    const megabytes = (fileSize / 1024 / 1024).toFixed(1);
    console.log(`${preset}: ${filePath} (${megabytes} MiB) in ${Math.round(milliseconds)} ms`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
