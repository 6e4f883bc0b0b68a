/**
 * Generates the GGUF test models.
 *
 *   tsx scripts/generate-test-models.ts [--preset NAME]... [--split N] [--out DIR]
 *
 * Without --preset it writes every small model preset; large ones (bench-1b) and test fixtures (LoRA
 * adapters, tiny-chat-wide) only when named. Files go to `models/<preset>.gguf` unless --out says
 * otherwise; with --split N each preset is written as N parts, `<preset>-00001-of-0000N.gguf` and on, in
 * llama.cpp's gguf-split format. Tests call `ensureTestModel` / `ensureTestModelParts` instead, which
 * keep versioned copies in `.cache/test-models`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isTestModelPresetName,
  testModelPresetNames,
  testModelPresets,
  type TestModelPresetName,
} from './gguf/presets.js';
import { splitGgufSource, splitPartFileName } from './gguf/split.js';
import { layoutGguf, writeGguf, type GgufModelSource } from './gguf/writer.js';

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
  return ensureGeneratedModel(`${preset}-v${definition.contentVersion}`, definition.build(), cacheDir);
}

/**
 * Returns the path of `source` written as `<baseName>-<header hash>.gguf` in `cacheDir`, writing it first
 * if it is not there. Put whatever changes the tensor bytes (a content version) into `baseName`: the hash
 * covers the header only.
 */
export async function ensureGeneratedModel(
  baseName: string,
  source: GgufModelSource,
  cacheDir: string = defaultTestModelCacheDir,
): Promise<string> {
  const headerHash = createHash('sha256').update(layoutGguf(source).header).digest('hex').slice(0, 8);
  const filePath = join(cacheDir, `${baseName}-${headerHash}.gguf`);
  if (await exists(filePath)) return filePath;
  await mkdir(cacheDir, { recursive: true });
  await writeAtomically(filePath, (temporaryPath) => writeGguf(temporaryPath, source));
  return filePath;
}

/**
 * Returns the paths, in order, of `preset` split into `partCount` parts (gguf-split format, at least 2
 * parts), writing them first if needed. The parts of one split live in their own folder of `cacheDir`,
 * named after the content version and a hash of their headers, as `<preset>-00001-of-00003.gguf` and on;
 * the folder is written under a temporary name and renamed, so a reader sees all parts or none.
 */
export async function ensureTestModelParts(
  preset: TestModelPresetName,
  partCount: number,
  cacheDir: string = defaultTestModelCacheDir,
): Promise<string[]> {
  const definition = testModelPresets[preset];
  const parts = splitGgufSource(definition.build(), partCount);
  const hash = createHash('sha256');
  for (const part of parts) hash.update(layoutGguf(part).header);
  const headerHash = hash.digest('hex').slice(0, 8);
  const folder = join(cacheDir, `${preset}-v${definition.contentVersion}-${headerHash}-split${partCount}`);
  const paths = parts.map((_, index) => join(folder, splitPartFileName(preset, index, partCount)));
  if (await exists(folder)) return paths;
  await mkdir(cacheDir, { recursive: true });
  const temporaryFolder = `${folder}.${process.pid}-${randomUUID()}.tmp`;
  try {
    await mkdir(temporaryFolder);
    for (const [index, part] of parts.entries()) {
      await writeGguf(join(temporaryFolder, splitPartFileName(preset, index, partCount)), part);
    }
    await rename(temporaryFolder, folder);
  } catch (error) {
    await rm(temporaryFolder, { recursive: true, force: true });
    // Another worker renamed its complete folder into place first (the rename then fails as not empty).
    if (await exists(folder)) return paths;
    throw error;
  }
  return paths;
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

interface Arguments {
  presets: TestModelPresetName[];
  outDir: string;
  /** Number of parts to split each preset into; 1 writes single files. */
  partCount: number;
}

const usage = 'Usage: generate-test-models [--preset NAME]... [--split N] [--out DIR]';

function parseArguments(argv: readonly string[]): Arguments {
  const presets: TestModelPresetName[] = [];
  let outDir = join(repositoryRoot, 'models');
  let partCount = 1;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = argv[index + 1];
    if ((argument === '--preset' || argument === '--out' || argument === '--split') && value === undefined) {
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
    } else if (argument === '--split' && value !== undefined) {
      partCount = Number(value);
      if (!Number.isInteger(partCount) || partCount < 2) throw new Error('--split needs a whole number, at least 2');
      index++;
    } else {
      throw new Error(`Unknown argument "${argument}". ${usage}`);
    }
  }
  if (presets.length === 0) {
    const byDefault = (name: TestModelPresetName): boolean =>
      !testModelPresets[name].large && !testModelPresets[name].testOnly;
    presets.push(...testModelPresetNames.filter(byDefault));
  }
  return { presets, outDir, partCount };
}

async function main(): Promise<void> {
  const { presets, outDir, partCount } = parseArguments(process.argv.slice(2));
  await mkdir(outDir, { recursive: true });
  for (const preset of presets) {
    if (partCount > 1) {
      const started = performance.now();
      const parts = splitGgufSource(testModelPresets[preset].build(), partCount);
      for (const [index, part] of parts.entries()) {
        const filePath = join(outDir, splitPartFileName(preset, index, partCount));
        await writeAtomically(filePath, (temporaryPath) => writeGguf(temporaryPath, part));
        console.log(`${preset}: ${filePath}`);
      }
      console.log(`${preset}: ${partCount} parts in ${Math.round(performance.now() - started)} ms`);
      continue;
    }
    const filePath = join(outDir, `${preset}.gguf`);
    const milliseconds = await generateTestModel(preset, filePath);
    const { fileSize } = layoutGguf(testModelPresets[preset].build());
    const size = fileSize < 1 << 20 ? `${Math.ceil(fileSize / 1024)} KiB` : `${(fileSize / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`${preset}: ${filePath} (${size}) in ${Math.round(milliseconds)} ms`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
