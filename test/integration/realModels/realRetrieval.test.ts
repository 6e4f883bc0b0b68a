import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentHit } from '../../../electron/shared/documents.js';
import type { ChatDetail } from '../../../electron/shared/domain.js';
import { realModelFiles, realModelPath } from '../../support/realModels.js';
import { runCli } from '../cli/runCli.js';

/** Commands that embed or generate start the model host: seconds here, much longer on a busy machine. */
const hostTimeoutMs = 180_000;

/** One-line notes, each about something else: which one a question is about is the embedder's call. */
const notes = {
  'ferry-timetable.md': 'The morning ferry to the island leaves the harbour at 07:40 every weekday.',
  'discharge-summary.md': 'The patient was discharged on Monday after the procedure and should rest for a week.',
  'cafe-prices.md': 'Café prices rose by three percent in 2024 because coffee beans cost more.',
  'leave-policy.md': 'New employees get twenty-five days of paid vacation each year.',
};

/**
 * Retrieval and grounded answers on real models, as a user runs them from the CLI: all-MiniLM-L6-v2 as
 * the embedding model, SmolLM2-135M-Instruct answering (models:fetch; CI fetches them, never a skip).
 */
describe('real models: hybrid search keeps the embedder\'s margin, and ask cites only what it lists', () => {
  let root: string;
  let dataDir: string;
  const cli = (args: string[]) => runCli(args, { dataDir, timeoutMs: hostTimeoutMs, env: { ENCLAVE_THREADS: '2' } });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-real-retrieval-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    fs.symlinkSync(realModelPath(realModelFiles.smolLm2), path.join(dataDir, 'models', realModelFiles.smolLm2));
    const files = Object.entries(notes).map(([name, text]) => {
      const file = path.join(root, 'notes', name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${text}\n`);
      return file;
    });
    const set = await cli(['settings', 'set', 'embedding-model', realModelPath(realModelFiles.miniLm)]);
    expect(set.code, set.stderr).toBe(0);
    const added = await cli(['docs', 'add', '--collection', 'Notes', ...files]);
    expect(added.code, added.stderr).toBe(0);
  }, hostTimeoutMs);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it(
    'ranks the ferry timetable first for a question sharing none of its words, far above the rest, which the floor drops',
    async () => {
      const searched = await cli(['search-docs', '--collection', 'Notes', '--json', 'What time does the boat depart?']);
      expect(searched.code, searched.stderr).toBe(0);
      const hits = JSON.parse(searched.stdout) as DocumentHit[];
      expect(hits[0]?.fileName).toBe('ferry-timetable.md');
      // Rank fusion tied the ferry and the discharge note (0.992 each) on the words "the" and "does".
      expect(hits.map((hit) => hit.fileName)).not.toContain('discharge-summary.md');
      for (const hit of hits.slice(1)) expect(hit.score).toBeLessThan(hits[0]!.score - 0.1);
    },
    hostTimeoutMs,
  );

  it(
    'answers with SmolLM2 from the passages it lists: every citation in the answer names a listed source, as stored',
    async () => {
      const asked = await cli(['ask', '--collection', 'Notes', '--temperature', '0', '--max-tokens', '64', 'When does the morning ferry leave?']);
      expect(asked.code, asked.stderr).toBe(0);
      const [answer = '', listing = ''] = asked.stdout.split('\nSources:\n');
      expect(answer.trim().length).toBeGreaterThan(0);
      const listed = [...listing.matchAll(/^\[(\d+)\] (\S+), (cited|also retrieved)$/gm)].map((match) => ({
        number: Number(match[1]),
        fileName: match[2]!,
        cited: match[3] === 'cited',
      }));
      expect(listed[0]).toMatchObject({ number: 1, fileName: 'ferry-timetable.md' });
      const citedInAnswer = new Set([...answer.matchAll(/\[(\d+(?:,\s*\d+)*)\]/g)].flatMap((match) => match[1]!.split(',').map(Number)));
      for (const number of citedInAnswer) expect(listed.map((source) => source.number)).toContain(number);
      expect(listed.filter((source) => source.cited).map((source) => source.number)).toEqual([...citedInAnswer].sort((a, b) => a - b));

      const chatId = /^chat (\S+)$/m.exec(asked.stderr)?.[1];
      const shown = await cli(['chats', 'show', chatId!, '--json']);
      const { messages } = JSON.parse(shown.stdout) as ChatDetail;
      const reply = messages.at(-1)!;
      expect(reply.sources.map((source) => [source.number, source.fileName, source.cited])).toEqual(
        listed.map((source) => [source.number, source.fileName, source.cited]),
      );
    },
    hostTimeoutMs,
  );
});
