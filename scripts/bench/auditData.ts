/**
 * The audit trail bench:audit verifies: a million entries written by the app's own `AuditTrail` (real
 * hashes, real seals) into an encrypted database opened as the app opens it, cached under
 * `.cache/bench-audit/<key>/`, the key naming the data's version, the cipher, the schema version and
 * the size, so a rerun measures at once.
 *
 * The entries are the acts a year of use leaves, in about the proportions it leaves them: mostly remote
 * requests (`remote.sending` then `remote.completed`, the longest details), documents imported, models
 * loaded, settings changed, starts and stops; the details as the app writes them (identifiers, hashes,
 * counts; see `record(` in electron/core).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AuditTrail } from '../../electron/core/audit/auditTrail.js';
import { databaseCipher } from '../../electron/core/db/databaseCipher.js';
import { latestSchemaVersion } from '../../electron/core/db/migrate.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import type { AuditDetails, AuditEventType } from '../../electron/shared/audit.js';
import { itemAt } from '../fixtures/itemAt.js';
import { mulberry32 } from '../gguf/random.js';
import { format } from './stats.js';

/** Change when the generated entries change, so a cached trail of the old ones is not measured. */
const dataVersion = 'v1';
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = path.join(repositoryRoot, '.cache', 'bench-audit');
const entriesPerTransaction = 10_000;
/** 2025-01-01, and on average one entry every 30 s from then: a million entries is about a year. */
const trailStart = Date.UTC(2025, 0, 1);

/** The bench's database key and seal key: fixed, so a cached trail opens and verifies in every run. */
export const benchDatabaseKey = createHash('sha256').update('enclave bench:audit database').digest();
export const benchSealKey = createHash('sha256').update('enclave bench:audit seal').digest();

export interface AuditEvent {
  type: AuditEventType;
  details: AuditDetails;
}

/**
 * Realistic audit entries, the same sequence for a seed: a run of remote requests, now and then a
 * document, a model load, a setting, a start and a stop.
 */
export function createAuditEventGenerator(seed = 15): () => AuditEvent[] {
  const random = mulberry32(seed);
  const integer = (below: number) => random() % below;
  const hex = (bytes: number) => Array.from({ length: bytes }, () => (random() & 0xff).toString(16).padStart(2, '0')).join('');
  const chats = Array.from({ length: 50 }, () => hex(16));
  const collections = Array.from({ length: 8 }, () => hex(16));
  const endpoints = [
    { endpointId: hex(16), endpointName: 'Azure OpenAI (EU)', baseUrl: 'https://contoso-eu.openai.azure.com/openai/v1' },
    { endpointId: hex(16), endpointName: 'Internal vLLM', baseUrl: 'https://llm.corp.example.com/v1' },
  ];
  const remoteModels = ['gpt-4o-mini', 'gpt-4.1', 'llama-3.3-70b-instruct'];
  const localModels = Array.from({ length: 4 }, (_, index) => ({ modelId: hex(16), sha256: hex(32), name: `Local model ${String(index + 1)}` }));
  let requestId = 0;
  const remoteRequest = (): AuditEvent[] => {
    requestId++;
    const endpoint = itemAt(endpoints, integer(endpoints.length));
    const model = itemAt(remoteModels, integer(remoteModels.length));
    const emails = integer(3);
    const addresses = integer(2);
    const findings = emails + addresses;
    const sending: AuditDetails = {
      requestId,
      ...endpoint,
      model,
      chatId: itemAt(chats, integer(chats.length)),
      messageId: hex(16),
      dlpFindings: findings,
      dlpByDetector: findings === 0 ? {} : { email: emails, ipAddress: addresses },
      dlpByAction: findings === 0 ? {} : { redact: findings },
      action: 'sent',
      confirmed: false,
    };
    const completed: AuditDetails = {
      requestId,
      endpointId: endpoint.endpointId,
      endpointName: endpoint.endpointName,
      model,
      outcome: 'complete',
      errorCode: null,
      tokensIn: 200 + integer(3000),
      tokensOut: 20 + integer(800),
      usageReported: true,
      durationMs: 800 + integer(20_000),
      attempts: 1,
    };
    return [
      { type: 'remote.sending', details: sending },
      { type: 'remote.completed', details: completed },
    ];
  };
  const other = (): AuditEvent => {
    const pick = integer(10);
    const local = itemAt(localModels, integer(localModels.length));
    if (pick < 4) {
      const pages = 1 + integer(300);
      const details = { documentId: hex(16), collectionId: itemAt(collections, integer(collections.length)), sha256: hex(32), sizeBytes: 20_000 + integer(20_000_000), format: 'pdf', pages, chunks: pages * 3, embeddingModelId: local.modelId };
      return { type: 'document.imported', details };
    }
    if (pick < 7) return { type: 'model.loaded', details: { modelId: local.modelId, sha256: local.sha256, name: local.name, adapters: {}, gpu: false, contextSize: 8192 } };
    if (pick < 8) return { type: 'settings.changed', details: { setting: 'temperature', from: 0.7, to: 0.2 } };
    if (pick < 9) return { type: 'app.started', details: { version: '0.1.0', sealed: true } };
    return { type: 'app.stopped', details: { version: '0.1.0' } };
  };
  // Four remote requests (eight entries) to one other act.
  return () => (integer(5) === 0 ? [other()] : remoteRequest());
}

export interface CachedTrail {
  /** The encrypted database: open it with `benchDatabaseKey`, verify with `benchSealKey`. */
  databasePath: string;
  entries: number;
  /** True when this run built it; false when it came from the cache. */
  built: boolean;
}

const metaSchema = z.object({ entries: z.number(), buildSeconds: z.number() });

/** The cached trail of `entries` entries, built first if missing (a minute or two at a million). */
export function ensureAuditTrail(entries: number): CachedTrail {
  // The cipher too: a file cached under another cipher would not open.
  const key = `${dataVersion}-${databaseCipher.name}-schema${latestSchemaVersion}-${entries}e`;
  const dir = path.join(cacheRoot, key);
  const databasePath = path.join(dir, 'trail.db');
  const metaPath = path.join(dir, 'meta.json');
  let built = false;
  // meta.json is written last: without it the folder is an interrupted build.
  if (!fs.existsSync(metaPath)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    console.log(`building a trail of ${entries.toLocaleString('en')} entries in ${dir} (cached for later runs)`);
    const startedAt = performance.now();
    buildTrail(databasePath, entries);
    const buildSeconds = (performance.now() - startedAt) / 1000;
    console.log(`  built in ${format(buildSeconds, 1)} s, ${format(fs.statSync(databasePath).size / 2 ** 20, 0)} MiB`);
    fs.writeFileSync(metaPath, JSON.stringify({ entries, buildSeconds }));
    built = true;
  }
  const meta = metaSchema.parse(JSON.parse(fs.readFileSync(metaPath, 'utf8')));
  return { databasePath, entries: meta.entries, built };
}

/** `entries` entries through `AuditTrail.record`, in big transactions, on a clock that moves ~30 s per entry. */
function buildTrail(databasePath: string, entries: number): void {
  const db = openDatabase(databasePath, { key: benchDatabaseKey });
  try {
    const random = mulberry32(99);
    let clock = trailStart;
    const trail = new AuditTrail(db, benchSealKey, 'app', () => (clock += 1 + (random() % 60_000)));
    const next = createAuditEventGenerator();
    let pending: AuditEvent[] = [];
    let written = 0;
    while (written < entries) {
      const count = Math.min(entriesPerTransaction, entries - written);
      db.transaction(() => {
        for (let index = 0; index < count; index++) {
          if (pending.length === 0) pending = next();
          const event = pending.shift();
          // One in fifty acts comes from the command line.
          if (event) trail.record(event.type, event.details, random() % 50 === 0 ? 'cli' : 'app');
        }
      })();
      written += count;
      if (written % 100_000 === 0) console.log(`  ${written.toLocaleString('en')} entries`);
    }
    // Folded into the file, so a run starts from the same file with no WAL to replay.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
