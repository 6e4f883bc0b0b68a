import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FitEstimate, HardwareInfo, ModelCatalog, ModelInfo } from '../../../electron/shared/domain.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { type CliResult, runCli, stderrLines } from './runCli.js';

/** What `sha256sum` prints for the file, computed the same way. */
function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The values `models add` prints under "Added <name>", one block per model. */
function addedModels(stdout: string): Array<{ id: string; sha256: string }> {
  return [...stdout.matchAll(/^ {2}id {6}(\S+)\n {2}sha256 {2}(\S+)$/gm)].map(([, id = '', sha256 = '']) => ({ id, sha256 }));
}

function expectOneErrorLine(result: CliResult, pattern: RegExp): void {
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/**
 * Whether this process can mount a small tmpfs to fill up (root with mount permission): decided once,
 * up front, so the disk-full test is either run or plainly reported as not runnable here.
 */
function probeTmpfsMount(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return { ok: false, reason: 'not running as root on Linux' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const tmpfs = probeTmpfsMount();

/** The host starts llama.cpp: seconds on a quiet machine, much longer on a busy 2-core one. */
const hostTimeoutMs = 120_000;

describe('enclave models and hardware, run as a child process over a real database and model files', () => {
  let root: string;
  let tinyChat: string;
  let tinyEmbedding: string;

  function freshDir(name: string): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** A copy of a test model under a plain name in its own folder, safe to modify or delete. */
  function modelCopy(source: string, name: string): string {
    const file = path.join(freshDir(`incoming-${name}`), `${name}.gguf`);
    fs.copyFileSync(source, file);
    return file;
  }

  async function catalog(dataDir: string): Promise<ModelCatalog> {
    const listed = await runCli(['models', 'list', '--json'], { dataDir });
    expect(listed.code, listed.stderr).toBe(0);
    return JSON.parse(listed.stdout) as ModelCatalog;
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-models-'));
    tinyChat = await ensureTestModel('tiny-chat');
    tinyEmbedding = await ensureTestModel('tiny-embedding');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('copies a model in, printing its id and SHA-256; the same file again is a duplicate, not an error', async () => {
    const dataDir = freshDir('copy');
    const source = modelCopy(tinyChat, 'tiny-chat');
    const sha256 = sha256Of(source);

    const added = await runCli(['models', 'add', source], { dataDir });
    expect(added.code, added.stderr).toBe(0);
    expect(addedModels(added.stdout)).toEqual([{ id: sha256.slice(0, 16), sha256 }]);
    expect(added.stdout).toContain('Added Enclave Tiny Chat');
    const copy = path.join(dataDir, 'models', 'tiny-chat.gguf');
    expect(sha256Of(copy)).toBe(sha256);

    const again = await runCli(['models', 'add', modelCopy(tinyChat, 'same-bytes')], { dataDir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Already in the catalog: same-bytes.gguf .*id ${sha256.slice(0, 16)}`));
    expect(fs.readdirSync(path.join(dataDir, 'models'))).toEqual(['tiny-chat.gguf']);

    const table = await runCli(['models', 'list'], { dataDir });
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+STORAGE\s+ARCHITECTURE\s+PARAMS\s+QUANT\s+CONTEXT\s+SIZE\s+SHA-256\s+NAME$/m);
    expect(table.stdout).toMatch(new RegExp(`^${sha256.slice(0, 16)}\\s+ok\\s+copied\\s+llama.*${sha256.slice(0, 12)}`, 'm'));
  });

  it('--link registers a model where it is, without copying it', async () => {
    const dataDir = freshDir('link');
    const source = modelCopy(tinyChat, 'linked');
    const added = await runCli(['models', 'add', '--link', source], { dataDir });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('(linked in place)');
    const modelsDir = path.join(dataDir, 'models');
    expect(fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir) : []).toEqual([]);
    expect((await catalog(dataDir)).models).toMatchObject([{ storage: 'linked', path: source, sha256: sha256Of(source) }]);
  });

  it('imports a folder of models, and reports a bad file in a batch while the good one goes in', async () => {
    const folder = freshDir('folder');
    fs.copyFileSync(tinyChat, path.join(folder, 'chat.gguf'));
    fs.copyFileSync(tinyEmbedding, path.join(folder, 'embedding.gguf'));
    const folderData = freshDir('folder-data');
    const fromFolder = await runCli(['models', 'add', folder], { dataDir: folderData });
    expect(fromFolder.code, fromFolder.stderr).toBe(0);
    expect(addedModels(fromFolder.stdout).map((model) => model.sha256).sort()).toEqual([sha256Of(tinyChat), sha256Of(tinyEmbedding)].sort());
    expect(fromFolder.stdout).toContain('2 added, 0 already in the catalog, 0 failed.');

    const bad = path.join(freshDir('bad'), 'noise.gguf');
    fs.writeFileSync(bad, randomBytes(4096));
    const batch = await runCli(['models', 'add', bad, modelCopy(tinyChat, 'good')], { dataDir: freshDir('batch-data') });
    expect(batch.code).toBe(1);
    expectOneErrorLine(batch, /^enclave: noise\.gguf: .*not a GGUF/);
    expect(addedModels(batch.stdout)).toEqual([{ id: sha256Of(tinyChat).slice(0, 16), sha256: sha256Of(tinyChat) }]);
  });

  it(
    'flags a copied model whose file changed: verify exits 1, chat refuses it until it is accepted',
    async () => {
      const dataDir = freshDir('changed');
      const added = await runCli(['models', 'add', modelCopy(tinyChat, 'tiny-chat')], { dataDir });
      const [model] = addedModels(added.stdout);
      if (!model) throw new Error(`nothing added: ${added.stderr}`);
      const verified = await runCli(['models', 'verify'], { dataDir });
      expect(verified.code, verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(new RegExp(`^${model.id}\\s+ok\\s`, 'm'));

      // One byte near the end, in the last tensor's data: the header still reads, the hash does not match.
      const copy = path.join(dataDir, 'models', 'tiny-chat.gguf');
      const handle = fs.openSync(copy, 'r+');
      const at = fs.fstatSync(handle).size - 4;
      const byte = Buffer.alloc(1);
      fs.readSync(handle, byte, 0, 1, at);
      fs.writeSync(handle, Buffer.from([byte[0]! ^ 0x01]), 0, 1, at);
      fs.closeSync(handle);

      const changed = await runCli(['models', 'verify'], { dataDir });
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(new RegExp(`^${model.id}\\s+CHANGED\\s+${sha256Of(copy)}`, 'm'));
      expect(changed.stdout).toContain(`enclave models accept ${model.id}`);
      expectOneErrorLine(changed, new RegExp(`^enclave: 1 of 1 model failed verification \\(${model.id} changed\\)`));
      expect((await runCli(['models', 'list'], { dataDir })).stdout).toMatch(new RegExp(`^${model.id}\\s+CHANGED\\s`, 'm'));

      const refused = await runCli(['chat', '--model', model.id, '--max-tokens', '4', 'Hello'], { dataDir });
      expect(refused.code).toBe(1);
      expectOneErrorLine(refused, /^enclave: .*changed since it was imported/);

      const accepted = await runCli(['models', 'accept', model.id], { dataDir });
      expect(accepted.code, accepted.stderr).toBe(0);
      expect(accepted.stdout).toContain(`sha256  ${sha256Of(copy)}`);
      const chat = await runCli(['chat', '--model', model.id, '--max-tokens', '4', '--temperature', '0', 'Hello'], { dataDir });
      expect(chat.code, chat.stderr).toBe(0);
      expect(chat.stdout.trim().length).toBeGreaterThan(0);
    },
    hostTimeoutMs,
  );

  it('rates each model for this machine: the speed once, then where it runs and how to measure it', async () => {
    const dataDir = freshDir('recommend');
    const [model] = addedModels((await runCli(['models', 'add', modelCopy(tinyChat, 'tiny-chat')], { dataDir })).stdout);
    if (!model) throw new Error('nothing added');
    const rated = await runCli(['models', 'recommend'], { dataDir });
    expect(rated.code, rated.stderr).toBe(0);
    const [head = '', reason = ''] = rated.stdout.split('\n');
    expect(head).toMatch(new RegExp(`^(good|usable|slow)\\s+~[\\d.]+ tokens/s \\(estimate\\)\\s+${model.id}\\s`));
    // The figure is on the first line only; the second says what it rests on and how to measure it.
    expect(reason.trim()).toBe(`On the CPU, estimated from its size (1 MB). Measure it: enclave models probe ${model.id}`);
  });

  it('reports a linked file that was deleted as missing; remove deletes only copies Enclave made, and only with --delete-file', async () => {
    const dataDir = freshDir('missing');
    const linkedSource = modelCopy(tinyEmbedding, 'linked');
    const linked = addedModels((await runCli(['models', 'add', '--link', linkedSource], { dataDir })).stdout)[0];
    const copied = addedModels((await runCli(['models', 'add', modelCopy(tinyChat, 'copied')], { dataDir })).stdout)[0];
    if (!linked || !copied) throw new Error('the models were not added');

    fs.rmSync(linkedSource);
    const verified = await runCli(['models', 'verify', '--json'], { dataDir });
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ modelId: linked.id, integrity: 'missing', sha256: null }),
        expect.objectContaining({ modelId: copied.id, integrity: 'ok' }),
      ]),
    );
    expectOneErrorLine(verified, new RegExp(`^enclave: 1 of 2 models failed verification \\(${linked.id} missing\\)`));

    fs.copyFileSync(tinyEmbedding, linkedSource);
    const removedLinked = await runCli(['models', 'remove', linked.id, '--delete-file'], { dataDir });
    expect(removedLinked.code, removedLinked.stderr).toBe(0);
    expect(removedLinked.stdout).toContain('not a copy Enclave made, so it stays');
    expect(fs.existsSync(linkedSource)).toBe(true);

    const copy = path.join(dataDir, 'models', 'copied.gguf');
    const unconfirmed = await runCli(['models', 'remove', copied.id], { dataDir });
    expect(unconfirmed.code).toBe(1);
    expectOneErrorLine(unconfirmed, /^enclave: Removing .* deletes Enclave's copy of it .*--delete-file/);
    expect(fs.existsSync(copy)).toBe(true);
    const removedCopy = await runCli(['models', 'remove', copied.id, '--delete-file'], { dataDir });
    expect(removedCopy.code, removedCopy.stderr).toBe(0);
    expect(removedCopy.stdout).toContain(`deleted its copy ${copy}`);
    expect(fs.existsSync(copy)).toBe(false);
    expect((await catalog(dataDir)).models).toEqual([]);
  });

  it(
    'shows the hardware, a model with its fit estimate, and remembers per-model settings',
    async () => {
      const dataDir = freshDir('fit');
      const hardware = await runCli(['hardware', '--json'], { dataDir });
      expect(hardware.code, hardware.stderr).toBe(0);
      const info = JSON.parse(hardware.stdout) as HardwareInfo;
      expect(info.cpu.logicalCores).toBeGreaterThan(0);
      expect(info.memory.totalBytes).toBeGreaterThan(0);

      const [model] = addedModels((await runCli(['models', 'add', modelCopy(tinyChat, 'tiny-chat')], { dataDir })).stdout);
      if (!model) throw new Error('the model was not added');
      const set = await runCli(['models', 'set', model.id, '--context-size', '256', '--threads', '1'], { dataDir });
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toContain('context 256, threads 1');
      expect(set.stdout).toMatch(/^Fit: fits, .*256-token context/m);

      const shown = await runCli(['models', 'info', model.id, '--json'], { dataDir });
      expect(shown.code, shown.stderr).toBe(0);
      const details = JSON.parse(shown.stdout) as { model: ModelInfo; estimate: FitEstimate };
      expect(details.model).toMatchObject({ id: model.id, sha256: model.sha256, settings: { contextSize: 256, threads: 1 } });
      expect(details.estimate).toMatchObject({ modelId: model.id, fits: true, contextSize: 256 });
      expect(details.estimate.explanation.length).toBeGreaterThan(0);
    },
    hostTimeoutMs,
  );

  it('stops a copy on Ctrl-C, leaving no partial file, and exits 130', async () => {
    // A valid model followed by 1.5 GB of (sparse) zeros: copying takes long enough to interrupt.
    const large = modelCopy(tinyChat, 'large');
    fs.truncateSync(large, fs.statSync(large).size + 1536 * 1024 * 1024);
    const dataDir = freshDir('cancel');
    const modelsDir = path.join(dataDir, 'models');
    let watcher: NodeJS.Timeout | undefined;
    const result = await runCli(['models', 'add', large], {
      dataDir,
      onSpawn: (child) => {
        watcher = setInterval(() => {
          const copying = fs.existsSync(modelsDir) && fs.readdirSync(modelsDir).some((name) => name.includes('.partial-'));
          if (!copying) return;
          clearInterval(watcher);
          child.kill('SIGINT');
        }, 10);
      },
    });
    clearInterval(watcher);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/^enclave: import cancelled/m);
    expect(fs.readdirSync(modelsDir)).toEqual([]);
    expect((await catalog(dataDir)).models).toEqual([]);
  });

  it('answers mistakes in the models commands with exit code 2 and the usage', async () => {
    const dataDir = freshDir('usage');
    const badLayers = await runCli(['models', 'set', 'x', '--gpu-layers', 'lots'], { dataDir });
    expect(badLayers.code).toBe(2);
    expect(badLayers.stderr).toMatch(/^enclave: --gpu-layers must be "auto" or a whole number, not "lots"\n\nUsage:\n {2}enclave models list/);
    const unknown = await runCli(['models', 'frobnicate'], { dataDir });
    expect(unknown.stderr).toMatch(/^enclave: unknown subcommand "models frobnicate"/);
    const budget = await runCli(['settings', 'set', '--max-resident', '9'], { dataDir });
    expect(budget.code).toBe(2);
    const notFound = await runCli(['models', 'info', 'no-such-model'], { dataDir });
    expect(notFound.code).toBe(1);
    expectOneErrorLine(notFound, /^enclave: No model "no-such-model" in the catalog/);
  });

  it('keeps app settings', async () => {
    const dataDir = freshDir('settings');
    const set = await runCli(['settings', 'set', '--max-resident', '2', '--memory-budget-mb', '4096', '--json'], { dataDir });
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      maxResidentModels: 2,
      idleUnloadMinutes: 15,
      memoryBudgetMb: 4096,
      embeddingModelId: null,
      retrievalTopK: 6,
      relevanceFloor: 0.25,
      ocrLanguages: ['eng'],
    });
    const auto = await runCli(['settings', 'set', '--memory-budget-mb', 'auto'], { dataDir });
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stdout).toMatch(/^Models kept loaded\s+at most 2 /m);
    expect(auto.stdout).toMatch(/^Memory budget\s+auto/m);
  });

  // Needs a filesystem that can fill up: a 2 MB tmpfs, which only root can mount. CI must run it.
  it.runIf(tmpfs.ok || process.env.CI !== undefined)(
    'reports a full disk while copying with its own message, and leaves no partial file',
    async () => {
      if (!tmpfs.ok) throw new Error(`CI must run the disk-full test, but a 2 MB tmpfs cannot be mounted here: ${tmpfs.reason}`);
      const dataDir = freshDir('full');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dataDir]);
      try {
        // 3 MB more than tiny-chat (the padding is sparse in the source, real in the copy).
        const padded = modelCopy(tinyChat, 'padded');
        fs.truncateSync(padded, fs.statSync(padded).size + 3 * 1024 * 1024);
        const result = await runCli(['models', 'add', padded], { dataDir });
        expect(result.code).toBe(1);
        expectOneErrorLine(result, /^enclave: padded\.gguf: The disk is full/);
        const modelsDir = path.join(dataDir, 'models');
        expect(fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir) : []).toEqual([]);
        expect((await catalog(dataDir)).models).toEqual([]);
      } finally {
        execFileSync('umount', [dataDir]);
      }
    },
  );
});
