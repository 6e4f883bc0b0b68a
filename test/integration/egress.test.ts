import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { externalConnects } from '../support/egress.js';
import { useTempDir } from '../support/tempDir.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('zero network egress (ground truth: every connect() syscall, traced)', () => {
  const tempDir = useTempDir();

  it('a whole CLI chat, model host included, connects to nothing outside the machine', async () => {
    const strace = spawnSync('strace', ['-V'], { encoding: 'utf8' });
    expect(strace.status, 'strace must be installed (.ci/run installs it)').toBe(0);

    const dir = tempDir();
    const traceFile = path.join(dir, 'connect.trace');
    const model = await ensureTestModel('tiny-chat');
    const run = spawnSync(
      'strace',
      ['-f', '-qq', '-e', 'trace=connect', '-o', traceFile, process.execPath, '--import', 'tsx', 'electron/cli/index.ts',
        'chat', '--model', model, '--max-tokens', '8', '--temperature', '0', '--context-size', '256', 'Hello'],
      { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ENCLAVE_DATA_DIR: path.join(dir, 'data'), ENCLAVE_THREADS: '1', ENCLAVE_GPU: 'off' } },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
    const trace = fs.readFileSync(traceFile, 'utf8');
    expect(externalConnects(trace)).toEqual([]);
  }, 150_000);

  it('OCR of a scanned page (tesseract.js, its WebAssembly core and English data) connects to nothing outside the machine', () => {
    const dir = tempDir();
    const traceFile = path.join(dir, 'connect.trace');
    const scan = path.join(root, 'test/fixtures/ocr/libtasn1-page1-300dpi.png');
    // A script file, not --eval: tesseract.js's worker thread inherits the process's flags, and --input-type is refused there.
    const script = path.join(dir, 'ocr.mts');
    fs.writeFileSync(script, [
      `import { extractDocument } from ${JSON.stringify(path.join(root, 'electron/core/documents/parse/extract.ts'))};`,
      'let ocr = 0;',
      `for await (const section of extractDocument(${JSON.stringify(scan)})) ocr += section.ocrConfidence === undefined ? 0 : section.text.length;`,
      'console.log(ocr);',
    ].join('\n'));
    const run = spawnSync(
      'strace',
      ['-f', '-qq', '-e', 'trace=connect', '-o', traceFile, process.execPath, '--import', 'tsx', script],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(Number(run.stdout.trim())).toBeGreaterThan(500);
    expect(externalConnects(fs.readFileSync(traceFile, 'utf8'))).toEqual([]);
  }, 150_000);

  it('the trace filter itself catches a real outbound attempt', () => {
    const sample = [
      '123 connect(21, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
      '124 connect(22, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '125 connect(23, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("140.82.112.3")}, 16) = -1 ENETUNREACH',
    ].join('\n');
    expect(externalConnects(sample)).toHaveLength(1);
  });
});
