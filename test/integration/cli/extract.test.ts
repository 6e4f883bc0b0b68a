import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../../electron/shared/jsonSchemaValidation.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { runCli, stderrLines } from './runCli.js';

/** Strings bounded so the generated model, which babbles words, closes them. */
const invoiceSchema = {
  type: 'object',
  properties: {
    vendor: { type: 'string', maxLength: 20 },
    total: { type: 'number' },
    status: { enum: ['open', 'paid'] },
    lines: { type: 'array', items: { type: 'string', maxLength: 12 }, maxItems: 2 },
  },
  required: ['vendor', 'total', 'status'],
};
const text = 'Invoice from ACME Tools, total 41.50 EUR, still open.';
const generationTimeoutMs = 120_000;

describe('enclave extract', { timeout: generationTimeoutMs }, () => {
  let root: string;
  /** A data directory with the generated tiny-chat model in its models folder. */
  let dataDir: string;

  function writeFile(name: string, content: string): string {
    const file = path.join(root, name);
    fs.writeFileSync(file, content);
    return file;
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-extract-'));
    const modelPath = await ensureTestModel('tiny-chat');
    dataDir = path.join(root, 'data');
    fs.mkdirSync(path.join(dataDir, 'models'), { recursive: true });
    fs.copyFileSync(modelPath, path.join(dataDir, 'models', path.basename(modelPath)));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints JSON that parses and matches the schema, from arguments or standard input', async () => {
    const schemaFile = writeFile('invoice.json', JSON.stringify(invoiceSchema));
    const options = ['--schema', schemaFile, '--max-tokens', '300'];
    const fromArguments = await runCli(['extract', ...options, ...text.split(' ')], { dataDir, timeoutMs: generationTimeoutMs });
    expect(fromArguments.code, fromArguments.stderr).toBe(0);
    expect(validateAgainstSchema(JSON.parse(fromArguments.stdout), invoiceSchema)).toEqual([]);

    const fromInput = await runCli(['extract', ...options, '-'], { dataDir, input: text, timeoutMs: generationTimeoutMs });
    expect(fromInput.code, fromInput.stderr).toBe(0);
    // Greedy sampling: the same text gives the same JSON whichever way it came in.
    expect(fromInput.stdout).toBe(fromArguments.stdout);
  });

  it.each([
    ['not JSON', '{"type": "object",', /^enclave: The schema file .*bad\.json is not JSON: /],
    ['not a JSON Schema', '{"type": "strng"}', /^enclave: .*bad\.json: The schema at \/type is "strng", which is not a JSON Schema type/],
    ['beyond the grammar', '{"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]+$"}}}', /uses "pattern", which is valid JSON Schema but beyond what the output grammar can enforce/],
  ])('refuses a schema file that is %s with one line and exit code 1', async (_name, content, message) => {
    const schemaFile = writeFile('bad.json', content);
    const result = await runCli(['extract', '--schema', schemaFile, text], { dataDir });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('says so when the schema file is missing, and shows the usage without --schema or text', async () => {
    const missing = await runCli(['extract', '--schema', path.join(root, 'nowhere.json'), text], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the schema file .*nowhere\.json: there is no such file\./);

    const noSchema = await runCli(['extract', text], { dataDir });
    expect(noSchema.code).toBe(2);
    expect(noSchema.stderr).toContain('missing --schema <file>');
    const noText = await runCli(['extract', '--schema', writeFile('ok.json', JSON.stringify(invoiceSchema))], { dataDir });
    expect(noText.code).toBe(2);
    expect(noText.stderr).toContain('missing text');
  });
});
