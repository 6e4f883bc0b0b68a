/**
 * bench:docs phrases — does a line quoted verbatim find its page first? Imports real documents
 * (PDF, HTML, Markdown ...; BENCH_PHRASE_FILES, colon-separated; by default Debian manuals installed
 * under /usr/share/doc, skipped when absent) through the app's reader and chunker into a temporary
 * database, takes BENCH_PHRASES (100) lines of at least six words that occur once in the library,
 * (compared ignoring case and line breaks), queries each verbatim and counts how often the first hit is on the line's page:
 * - keyword-only and hybrid, the ranking as it was before exact phrases were honoured (BM25 over the
 *   OR of the terms and the phrase; fused by plain RRF) and as it is (`searchChunks`);
 * - hybrid with a stand-in embedding: random unit vectors for chunks and query (seeded), the worst
 *   case of an embedding that ranks the quoted passage nowhere; labelled as such.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { chunkSection } from '../../electron/core/documents/ingest/ingestDocument.js';
import { extractDocument } from '../../electron/core/documents/parse/extract.js';
import { createCollection } from '../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady } from '../../electron/core/documents/store/documents.js';
import { candidateCount, keywordQuery, keywordSearch, searchChunks, vectorSearch } from '../../electron/core/documents/store/retrieve.js';
import { insertChunkVectors } from '../../electron/core/documents/store/vectorIndex.js';
import { seededUnit } from '../gguf/random.js';

/** The search before exact phrases went first fused its lists by reciprocal rank with this constant. */
const rrfK = 60;

const defaultFiles = [
  '/usr/share/doc/libtasn1-doc/libtasn1.pdf',
  '/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf',
  '/tmp/debdocs/x/usr/share/doc/gnuplot/gnuplot.pdf',
  '/tmp/debdocs/x/usr/share/doc/asymptote/asymptote.pdf',
];
const files = (process.env.BENCH_PHRASE_FILES?.split(':') ?? defaultFiles).filter((file) => fs.existsSync(file));
const phraseCount = Number(process.env.BENCH_PHRASES ?? 100);
const dim = 64;
const topK = 10;

const random = seededUnit(17);

function randomUnit(): Float32Array {
  const values = Float32Array.from({ length: dim }, () => random() - 0.5);
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

interface Line {
  text: string;
  documentId: string;
  page: number | null;
}

async function main(): Promise<void> {
  if (files.length === 0) throw new Error('No documents: set BENCH_PHRASE_FILES to a colon-separated list of files.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-phrases-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  try {
    const collectionId = createCollection(db, 'phrases').id;
    const lines: Line[] = [];
    const allText: string[] = [];
    for (const file of files) {
      const document = insertDocument(db, { collectionId, sha256: file, fileName: path.basename(file), path: file, format: 'pdf', sizeBytes: 1, embeddingModelId: 'random' });
      let ordinal = 0;
      for await (const section of extractDocument(file)) {
        const chunks = await chunkSection({ embeddingModel: null } as unknown as Parameters<typeof chunkSection>[0], section, ordinal);
        ordinal += chunks.length;
        const ids = insertChunks(db, document.id, chunks, null);
        insertChunkVectors(db, { collectionId, modelId: 'random' }, ids, ids.map(() => randomUnit()));
        allText.push(section.text);
        for (const line of section.text.split('\n')) {
          const text = line.trim();
          if (text.split(/\s+/).length >= 6 && text.length >= 30) lines.push({ text, documentId: document.id, page: section.page });
        }
      }
      markDocumentReady(db, document.id);
      console.log(`${path.basename(file)}: ${ordinal} chunks`);
    }
    // Unique as a reader sees it: a line that recurs elsewhere broken at another place is not unique.
    const comparable = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
    const library = comparable(allText.join('\n'));
    const unique = lines.filter((line) => library.indexOf(comparable(line.text)) === library.lastIndexOf(comparable(line.text)));
    const picked: Line[] = [];
    while (picked.length < phraseCount && unique.length > 0) picked.push(...unique.splice(Math.floor(random() * unique.length), 1));
    console.log(`${lines.length} lines of six words or more, ${picked.length} unique ones queried`);
    const mib = (sql: string) => ((db.prepare(sql).pluck().get() as number) / 2 ** 20).toFixed(1);
    console.log(
      `text ${mib('SELECT SUM(length(text)) FROM chunks')} MiB; index unicode61 ${mib('SELECT SUM(length(block)) FROM chunks_fts_data')} MiB,` +
        ` trigram ${mib('SELECT SUM(length(block)) FROM chunks_trigram_data')} MiB`,
    );

    const collectionIds = [collectionId];
    const perList = candidateCount(topK);
    const pageOf = db.prepare('SELECT document_id, page FROM chunks WHERE id = ?');
    const onPage = (chunkId: number | undefined, line: Line) => {
      if (chunkId === undefined) return false;
      const row = pageOf.get(chunkId) as { document_id: string; page: number | null };
      return row.document_id === line.documentId && row.page === line.page;
    };
    const before = (line: Line, vector: Float32Array | null) => {
      const query = keywordQuery(db, line.text);
      const lists = [query === null ? [] : keywordSearch(db, query, collectionIds, perList)];
      if (vector) lists.push(vectorSearch(db, vector, collectionIds, perList, { compact: true, modelId: null }));
      const fused = new Map<number, number>();
      for (const list of lists) list.forEach((id, index) => fused.set(id, (fused.get(id) ?? 0) + 1 / (rrfK + index + 1)));
      return [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, topK).map(([id]) => id);
    };
    const after = (line: Line, vector: Float32Array | null) =>
      searchChunks(db, { query: line.text, queryEmbedding: vector, collectionIds, topK, relevanceFloor: 0 }).map((hit) => hit.chunkId);
    const tally = {
      keywordBefore: { first: 0, inTop: 0 },
      keywordAfter: { first: 0, inTop: 0 },
      hybridBefore: { first: 0, inTop: 0 },
      hybridAfter: { first: 0, inTop: 0 },
    };
    const count = (name: keyof typeof tally, ids: number[], line: Line) => {
      if (onPage(ids[0], line)) tally[name].first += 1;
      if (ids.some((id) => onPage(id, line))) tally[name].inTop += 1;
    };
    for (const line of picked) {
      const vector = randomUnit();
      count('keywordBefore', before(line, null), line);
      count('keywordAfter', after(line, null), line);
      count('hybridBefore', before(line, vector), line);
      count('hybridAfter', after(line, vector), line);
      if (process.env.BENCH_VERBOSE && !onPage(after(line, vector)[0], line)) console.log('  missed:', JSON.stringify(line.text), line.page, after(line, vector).slice(0, 3).map((id) => pageOf.get(id)));
    }
    const n = picked.length;
    for (const [name, { first, inTop }] of Object.entries(tally)) {
      console.log(`  ${name.padEnd(14)} page first ${first}/${n}   in top ${topK} ${inTop}/${n}`);
    }
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
