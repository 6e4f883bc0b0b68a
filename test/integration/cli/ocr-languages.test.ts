import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

describe('enclave settings: OCR languages', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-ocr-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('shows the languages and the installed ones, refuses a malformed code as usage and an uninstalled one by name', async () => {
    const dataDir = path.join(root, 'data');
    const shown = await runCli(['settings', 'get'], { dataDir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^OCR languages\s+eng; installed: eng(, [a-z_]+)* \(--ocr-languages\)$/m);

    const hostile = await runCli(['settings', 'set', 'ocr-languages', '../../etc'], { dataDir });
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain('--ocr-languages: an OCR language is a Tesseract code such as eng, deu or chi_sim');

    const missing = await runCli(['settings', 'set', '--ocr-languages', 'eng,xho'], { dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/The OCR language "xho" is not installed\. Its data comes in the npm package @tesseract\.js-data\/xho/);

    const saved = await runCli(['settings', 'set', 'ocr-languages', 'eng', '--json'], { dataDir });
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ ocrLanguages: ['eng'] });
  });
});
