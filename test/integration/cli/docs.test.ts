import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionInfo, DocumentHit, DocumentInfo } from '../../../electron/shared/documents.js';
import type { AppSettings, ChatDetail } from '../../../electron/shared/domain.js';
import { type DocumentFixtures, ensureManyPagePdf, writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { type CliResult, runCli, stderrLines } from './runCli.js';

/** Commands that embed or generate start the model host: seconds here, much longer on a busy machine. */
const hostTimeoutMs = 120_000;
const stackFrame = /^\s+at /m;

/**
 * The documents commands as a headless user runs them, each as its own process over one data directory:
 * the generated tiny-chat model in its models folder, the tiny-embedding model registered by path,
 * PDFs written by a PDF library. The tests run in order, each building on the last.
 */
describe('enclave docs, collections, search-docs and ask, run as child processes', () => {
  let root: string;
  let dataDir: string;
  let files: DocumentFixtures;
  let contractCopy: string;
  let embeddingModelPath: string;
  let embeddingModelId: string;

  const cli = (args: string[], timeoutMs?: number) => runCli(args, { dataDir, ...(timeoutMs ? { timeoutMs } : {}) });

  async function json<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  }

  function expectOneErrorLine(result: CliResult, pattern: RegExp): void {
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(stackFrame);
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-docs-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    fs.copyFileSync(await ensureTestModel('tiny-chat'), path.join(dataDir, 'models', 'tiny-chat.gguf'));
    // Outside the models folder: `settings set embedding-model <path>` registers it, linked in place.
    embeddingModelPath = path.join(root, 'embedding', 'tiny-embedding.gguf');
    fs.mkdirSync(path.dirname(embeddingModelPath));
    fs.copyFileSync(await ensureTestModel('tiny-embedding'), embeddingModelPath);
    files = await writeDocumentFixtures(path.join(root, 'files'));
    contractCopy = path.join(root, 'files', 'contract-copy.pdf');
    fs.copyFileSync(files.contractPdf, contractCopy);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('sets the embedding model by path (registering it) and the retrieval settings', async () => {
    const set = await cli(['settings', 'set', 'embedding-model', embeddingModelPath, 'retrieval-top-k', '4']);
    expect(set.code, set.stderr).toBe(0);
    const shown = /^Embedding model\s+Enclave Tiny Embedding \(generated\), ([0-9a-f]{16}) /m.exec(set.stdout);
    expect(shown, set.stdout).not.toBeNull();
    embeddingModelId = shown![1]!;
    expect(set.stdout).toMatch(/^Passages per question\s+at most 4 /m);
    expect(set.stdout).toMatch(/^Relevance floor\s+0\.25/m);

    const catalog = await json<{ models: { id: string; path: string; storage: string }[] }>(['models', 'list']);
    expect(catalog.models.find((model) => model.id === embeddingModelId)).toMatchObject({ path: embeddingModelPath, storage: 'linked' });
  });

  it(
    'indexes a batch into "Documents": the good file indexed, each bad one failed with its reason, a copy a duplicate; exit 1',
    async () => {
      const added = await cli(['docs', 'add', files.contractPdf, files.encryptedPdf, files.emptyText, contractCopy], hostTimeoutMs);
      expect(added.code, added.stderr).toBe(1);
      expect(added.stderr).toContain('enclave: created the collection "Documents".');
      expect(added.stdout).toMatch(/contract\.pdf: indexed, \d+ chunks\n/);
      expect(added.stdout).toMatch(/contract-copy\.pdf: duplicate: the same content as contract\.pdf in "Documents", not indexed again\n/);
      expect(added.stdout).toMatch(/^"Documents": 1 indexed, 1 duplicate, 2 failed\.$/m);
      expect(added.stderr).toMatch(/^enclave: .*report\.pdf: failed: report\.pdf is password-protected/m);
      expect(added.stderr).toMatch(/^enclave: .*empty\.txt: failed: empty\.txt is empty/m);
      expect(added.stderr).not.toMatch(stackFrame);

      const documents = await json<DocumentInfo[]>(['docs', 'list']);
      expect(documents.find((document) => document.fileName === 'contract.pdf')).toMatchObject({
        status: 'ready',
        pageCount: 4,
        embeddingModelId,
        error: null,
      });
      expect(documents.find((document) => document.fileName === 'report.pdf')).toMatchObject({
        status: 'error',
        chunkCount: 0,
        error: { code: 'document-encrypted' },
      });

      const table = await cli(['docs', 'list', '--collection', 'Documents']);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^ID\s+COLLECTION\s+STATUS\s+PAGES\s+CHUNKS\s+SIZE\s+EMBEDDING MODEL\s+FILE$/m);
      expect(table.stdout).toMatch(/\s+Documents\s+ready\s+4\s+\d+\s+.*Enclave Tiny Embedding \(generated\)\s+contract\.pdf$/m);
      expect(table.stdout).toMatch(/^Not indexed:\n {2}report\.pdf \([0-9a-f]+\): report\.pdf is password-protected/m);
    },
    hostTimeoutMs,
  );

  it(
    'finds the termination clause on page 3 first, as JSON and as text, with another embedding model for one command',
    async () => {
      const hits = await json<DocumentHit[]>(['search-docs', 'termination', 'notice']);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(4);
      expect(hits[0]).toMatchObject({ fileName: 'contract.pdf', page: 3 });
      expect(hits[0]!.text).toBe('Section 3: Termination\nThe termination clause requires ninety days notice.\nEither party may terminate in writing.');

      // tiny-chat embeds too: the command uses it without changing the setting. The documents were embedded
      // by the other model, whose vectors mean nothing next to tiny-chat's, so they match by their words only.
      const text = await cli(
        ['search-docs', '--collection', 'Documents', '--embedding-model', 'tiny-chat.gguf', '--top-k', '2', 'termination notice'],
        hostTimeoutMs,
      );
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/^1\. contract\.pdf, page 3 {2}\(score \d\.\d\d, document [0-9a-f]+\)\n/);
      expect(text.stdout).toContain('\n   Section 3: Termination The termination clause requires ninety days notice.');
      expect(text.stdout).not.toMatch(/^2\. /m);
      expect((await json<AppSettings>(['settings', 'get'])).embeddingModelId).toBe(embeddingModelId);
    },
    hostTimeoutMs,
  );

  it(
    'answers from a collection: the answer streams, then its sources with pages; the chat keeps both',
    async () => {
      const question = ['What', 'notice', 'does', 'the', 'termination', 'clause', 'require?'];
      const asked = await cli(
        ['ask', '--collection', 'Documents', '--max-tokens', '24', '--temperature', '0', '--context-size', '2048', ...question],
        hostTimeoutMs,
      );
      expect(asked.code, asked.stderr).toBe(0);
      const [answer = '', sources = ''] = asked.stdout.split('\nSources:\n');
      expect(answer.trim().length).toBeGreaterThan(0);
      // Each source quotes its sentence that best matches the question, not the passage's first line.
      expect(sources).toMatch(/^\[1\] contract\.pdf, page 3, (cited|also retrieved)\n {4}The termination clause requires ninety days notice\.\n/);
      const chatId = /^chat (\S+)$/m.exec(asked.stderr)?.[1];
      expect(chatId).toBeDefined();

      const { chat, messages } = await json<ChatDetail>(['chats', 'show', chatId!]);
      const reply = messages.at(-1)!;
      expect(chat.collectionIds).toHaveLength(1);
      expect(reply).toMatchObject({ role: 'assistant', status: 'complete' });
      expect(reply.content.trimEnd()).toBe(answer.trimEnd());
      expect(reply.sources[0]).toMatchObject({ number: 1, fileName: 'contract.pdf', page: 3 });
      expect(sources.match(/^\[\d+\] /gm)).toHaveLength(reply.sources.length);
    },
    hostTimeoutMs,
  );

  it(
    'refuses a question too long for the context in one line naming the fix, and prints no sources for the answer that never came',
    async () => {
      const question = `What notice does the termination clause require ${'in this case and in that one '.repeat(60)}?`;
      const asked = await cli(['ask', '--collection', 'Documents', '--max-tokens', '24', '--context-size', '512', question], hostTimeoutMs);
      expect(asked.code).toBe(1);
      expect(asked.stdout).not.toContain('Sources');
      expect(asked.stderr).toMatch(/^enclave: .*Ask a shorter question, or use a model with a larger context\.$/m);
      expect(asked.stderr).not.toMatch(/raise the model's context size/);
    },
    hostTimeoutMs,
  );

  it(
    'cancels an import on Ctrl-C with exit code 130, leaving nothing half-indexed',
    async () => {
      const manual = await ensureManyPagePdf(200);
      let interrupted = false;
      const result = await runCli(['docs', 'add', '--collection', 'Manuals', manual, files.text], {
        dataDir,
        timeoutMs: hostTimeoutMs,
        // The import has started (and Ctrl-C is handled) once this line is written.
        onSpawn: (child) =>
          child.stderr?.on('data', (chunk: Buffer | string) => {
            if (interrupted || !String(chunk).includes('Importing into "Manuals"')) return;
            interrupted = true;
            child.kill('SIGINT');
          }),
      });
      expect(result.code, result.stderr).toBe(130);
      expect(result.stderr).toMatch(/^enclave: import cancelled; nothing of the file being indexed was kept\.$/m);
      expect(result.stdout).toMatch(/many-pages-200\.pdf: cancelled, not indexed\n.*notes\.txt: cancelled, not indexed\n/);
      expect(await json<DocumentInfo[]>(['docs', 'list', '--collection', 'Manuals'])).toEqual([]);
    },
    hostTimeoutMs,
  );

  it('re-indexes every document when the embedding model changes, and waits for it', async () => {
    const none = await cli(['settings', 'set', 'embedding-model', 'none']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^Embedding model\s+none: documents are found by keywords only/m);
    expect(none.stderr).toMatch(/^Re-indexing 1 document for keyword search only…/m);
    expect(none.stderr).toMatch(/^Re-indexed 1 document\.$/m);
    const documents = await json<DocumentInfo[]>(['docs', 'list', '--collection', 'Documents']);
    expect(documents.find((document) => document.status === 'ready')).toMatchObject({ fileName: 'contract.pdf', embeddingModelId: null });
  });

  it('creates, lists, renames and removes collections', async () => {
    const added = await cli(['collections', 'add', 'Contracts']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Created the collection "Contracts" \([0-9a-f]+\)\./);
    const listed = await cli(['collections', 'list']);
    expect(listed.stdout).toMatch(/^ID\s+DOCUMENTS\s+CREATED\s+CONFIDENTIAL\s+NAME$/m);
    expect(listed.stdout).toMatch(/\s0\s+\S+ \S+\s+no\s+Contracts$/m);
    expect(listed.stdout).toMatch(/\s2\s+\S+ \S+\s+no\s+Documents$/m);

    const renamed = await cli(['collections', 'rename', 'Contracts', 'Agreements']);
    expect(renamed.stdout).toBe('Renamed the collection "Contracts" to "Agreements".\n');
    const removed = await cli(['collections', 'remove', 'Agreements']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^Removed the collection "Agreements"/);
    const remaining = await json<CollectionInfo[]>(['collections', 'list']);
    expect(remaining.map((collection) => collection.name).sort()).toEqual(['Documents', 'Manuals']);
  });

  it('removes a document with its index', async () => {
    const [contract] = (await json<DocumentInfo[]>(['docs', 'list'])).filter((document) => document.fileName === 'contract.pdf');
    const removed = await cli(['docs', 'remove', contract!.id]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`Removed contract.pdf (${contract!.id}) from "Documents"; the file itself was not touched.\n`);
    expect(await json<DocumentHit[]>(['search-docs', '--collection', 'Documents', 'termination', 'notice'])).toEqual([]);
    expect(fs.existsSync(files.contractPdf)).toBe(true);
  });

  it('answers mistakes with a clear message: usage errors exit 2, unknown names exit 1', async () => {
    const noQuery = await cli(['search-docs', '--json']);
    expect(noQuery.code).toBe(2);
    expect(noQuery.stderr).toMatch(/^enclave: missing query: enclave search-docs <query\.\.\.>\n\nUsage:\n {2}enclave search-docs/);

    const unknownCollection = await cli(['search-docs', '--collection', 'Nope', 'termination']);
    expect(unknownCollection.code).toBe(1);
    expectOneErrorLine(unknownCollection, /^enclave: No collection "Nope"\. See "enclave collections list" for the names\.\n$/);

    const noCollection = await cli(['ask', 'What', 'notice?']);
    expect(noCollection.code).toBe(2);
    expect(noCollection.stderr).toMatch(/^enclave: which documents\? give --collection <name>/);
  });
});
